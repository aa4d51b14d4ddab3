namespace AetherFS.Client.Pull;

/// <summary>
/// Directories a pull (or a sync) must never replace, whatever --force says: replacing one deletes a home, a working
/// tree or a system. A user who means one of them picks a subdirectory instead.
/// </summary>
public sealed class ProtectedDirectories
{
    // The top of the file system hierarchy: replacing any of these (or, for /usr and /home, what lies directly
    // under them) breaks the machine or another user's home.
    private static readonly string[] SystemDirectories =
    [
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/lost+found", "/media",
        "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys", "/tmp", "/usr", "/var",
    ];

    private static readonly string[] SystemParents = ["/usr", "/home"];

    private readonly string? _home;
    private readonly string _currentDirectory;
    private readonly Func<IReadOnlySet<string>> _mountPoints;

    /// <param name="home">The user's home directory ($HOME), when known.</param>
    /// <param name="currentDirectory">The working directory of the process that pulls.</param>
    /// <param name="mountPoints">The mount points of this machine; read from /proc/self/mountinfo when null.</param>
    public ProtectedDirectories(string? home, string currentDirectory, Func<IReadOnlySet<string>>? mountPoints = null)
    {
        _home = string.IsNullOrEmpty(home) ? null : Canonical(home);
        _currentDirectory = Canonical(currentDirectory);
        _mountPoints = mountPoints ?? MountPoints.Read;
    }

    /// <summary>The process's own home and working directory.</summary>
    public static ProtectedDirectories ForThisProcess(string? home = null) =>
        new(home ?? Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Directory.GetCurrentDirectory());

    /// <summary>Why <paramref name="destination"/> must not be replaced, or null when it may be.</summary>
    public string? Reason(string destination)
    {
        var path = Canonical(destination);
        if (path == "/")
        {
            return "it is the root directory";
        }

        if (SystemDirectories.Contains(path, StringComparer.Ordinal) || SystemParents.Contains(Path.GetDirectoryName(path), StringComparer.Ordinal))
        {
            return "it is a system directory";
        }

        if (_home is not null && path == _home)
        {
            return "it is your home directory";
        }

        if (_home is not null && IsAncestor(path, _home))
        {
            return "it holds your home directory";
        }

        if (path == _currentDirectory)
        {
            return "it is the current directory";
        }

        if (IsAncestor(path, _currentDirectory))
        {
            return "it holds the current directory";
        }

        return _mountPoints().Contains(path) ? "it is a mount point" : null;
    }

    /// <summary>Throws with a message naming the directory and the reason when it must not be replaced.</summary>
    public void Check(string destination)
    {
        if (Reason(destination) is { } reason)
        {
            throw new ProtectedDirectoryException($"refusing to replace '{Canonical(destination)}': {reason} (even with --force); pull into a new directory inside it instead");
        }
    }

    private static bool IsAncestor(string ancestor, string path) =>
        path.StartsWith(ancestor.EndsWith('/') ? ancestor : ancestor + "/", StringComparison.Ordinal);

    // The absolute path without a trailing slash, with a symlink in its last part followed: "ln -s ~ data;
    // pull x data --force" would otherwise swap the home directory in through the link.
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        full = full.Length > 1 ? Path.TrimEndingDirectorySeparator(full) : full;
        try
        {
            var target = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName));
            }
        }
        catch (IOException)
        {
            // A link that cannot be resolved (a loop) is not one of the protected directories.
        }

        return full.Length == 0 ? "/" : full;
    }
}
