using AetherFS.Core.Interop;

namespace AetherFS.Client.Pull;

/// <summary>Puts a completed staging directory in place of the destination, atomically where the kernel can.</summary>
internal static class DestinationSwap
{
    /// <param name="exchange">renameat2(RENAME_EXCHANGE) by default; tests pass one that fails, to take the fallback.</param>
    public static void Replace(string staging, string destination, Func<string, string, bool>? exchange = null)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(staging, destination);
            return;
        }

        // renameat2(RENAME_EXCHANGE): readers see the old tree or the new one, never neither. The old tree then
        // sits at the staging path and is removed.
        if ((exchange ?? AtomicRename.TryExchange)(staging, destination))
        {
            DeleteOldTree(staging, destination);
            return;
        }

        // Without an exchange: move the old tree aside, the new one in, and only then delete the old one. When the
        // second move fails the old tree goes back, so a failed swap never costs the user their data.
        var old = staging + ".old";
        Directory.Move(destination, old);
        try
        {
            Directory.Move(staging, destination);
        }
        catch
        {
            Directory.Move(old, destination);
            throw;
        }

        DeleteOldTree(old, destination);
    }

    // Deletes the old tree only when the new one is really in place: if anything went wrong, the old tree is data.
    private static void DeleteOldTree(string old, string destination)
    {
        if (!Directory.Exists(destination))
        {
            throw new IOException($"the new version could not be put in place at '{destination}'; the old one was kept at '{old}'");
        }

        Directory.Delete(old, recursive: true);
    }
}
