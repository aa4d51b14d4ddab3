namespace AetherFS.Core.Manifests;

/// <summary>
/// The mode bits a producer records and the hub accepts: a file's permission bits (0777); a directory's, plus setgid
/// (shared group directories) and sticky (shared scratch directories); a symlink exactly 0777, as Linux shows every
/// symlink (its mode means nothing). Setuid anywhere, and setgid or sticky on a file, are refused: no dataset needs
/// them, and a root pull with <c>--keep-special-bits</c> would hand them on.
/// </summary>
public static class ProducerModes
{
    public const int Permissions = 0x1FF; // 0o777
    public const int SetGroupId = 0x400; // 0o2000
    public const int Sticky = 0x200; // 0o1000
    public const int Directory = Permissions | SetGroupId | Sticky;
    public const int Symlink = Permissions;

    /// <summary>The bits of <paramref name="mode"/> a producer records for an entry of <paramref name="type"/>.</summary>
    public static int Record(EntryType type, int mode) => type switch
    {
        EntryType.Directory => mode & Directory,
        EntryType.Symlink => Symlink,
        _ => mode & Permissions,
    };

    /// <summary>Why the hub refuses an entry's mode, naming its path; null when a producer can have meant it.</summary>
    public static string? Refusal(ManifestEntry entry) => entry.Type switch
    {
        EntryType.Symlink when entry.Mode != Symlink =>
            $"symlink '{entry.Path}' has mode {Octal(entry.Mode)}: a symlink's mode is always 0777",
        EntryType.Directory when (entry.Mode & ~Directory) != 0 =>
            $"directory '{entry.Path}' has mode {Octal(entry.Mode)}: a directory may carry permission bits (0777), setgid and sticky only",
        EntryType.File when (entry.Mode & ~Permissions) != 0 =>
            $"file '{entry.Path}' has mode {Octal(entry.Mode)}: a file may carry permission bits (0777) only, not setuid, setgid or sticky",
        _ => null,
    };

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');
}
