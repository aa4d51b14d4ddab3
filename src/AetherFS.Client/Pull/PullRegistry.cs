using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Client.Pull;

/// <summary>
/// Remembers which directories a pull created, so a later pull may replace them without --force while a
/// directory of the user's own is never overwritten by mistake.
/// </summary>
internal sealed class PullRegistry
{
    private readonly string _directory;

    public PullRegistry(string cacheDirectory) => _directory = Path.Join(cacheDirectory, "pulls");

    public bool WasPulled(string destination) =>
        File.Exists(RecordPath(destination)) && File.ReadAllText(RecordPath(destination)).StartsWith(destination + "\n", StringComparison.Ordinal);

    /// <summary>Written to a temp file and renamed into place, so concurrent pulls never leave a torn record.</summary>
    public void Record(string destination, string digest)
    {
        Directory.CreateDirectory(_directory);
        var temp = Path.Join(_directory, "." + Guid.NewGuid().ToString("N"));
        File.WriteAllText(temp, $"{destination}\n{digest}\n");
        File.Move(temp, RecordPath(destination), overwrite: true);
    }

    private string RecordPath(string destination) =>
        Path.Join(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination))));
}
