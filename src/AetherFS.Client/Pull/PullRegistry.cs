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

    public void Record(string destination, string digest)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(RecordPath(destination), $"{destination}\n{digest}\n");
    }

    private string RecordPath(string destination) =>
        Path.Join(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination))));
}
