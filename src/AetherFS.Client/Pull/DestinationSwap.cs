using AetherFS.Core.Interop;

namespace AetherFS.Client.Pull;

/// <summary>Puts a completed staging directory in place of the destination, atomically where the kernel can.</summary>
internal static class DestinationSwap
{
    public static void Replace(string staging, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(staging, destination);
            return;
        }

        // renameat2(RENAME_EXCHANGE): readers see the old tree or the new one, never neither. The old tree then
        // sits at the staging path and is removed.
        if (!AtomicRename.TryExchange(staging, destination))
        {
            var old = staging + ".old";
            Directory.Move(destination, old);
            Directory.Move(staging, destination);
            staging = old;
        }

        Directory.Delete(staging, recursive: true);
    }
}
