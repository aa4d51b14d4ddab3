namespace AetherFS.Mount;

/// <summary>How a tree is mounted.</summary>
public sealed class FuseMountOptions
{
    /// <summary>How long the kernel may keep names and attributes; the trees are immutable, so long.</summary>
    public TimeSpan CacheTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most threads the FUSE loop runs requests on.</summary>
    public int MaxThreads { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>What the mount table shows as the source (<c>fsname</c>).</summary>
    public string FileSystemName { get; set; } = "aetherfs";

    /// <summary>How long an unmount waits for reads still replying before it frees the session.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far the kernel reads ahead of sequential readers, in KiB (see <see cref="Lifecycle.KernelReadAhead"/>); set
    /// where allowed (root), else the kernel's 128 KiB stays. 0 leaves it alone.
    /// </summary>
    public int KernelReadAheadKilobytes { get; set; } = 1024;

    internal string MountOptions =>
        $"ro,default_permissions,fsname={FileSystemName.Replace(",", "", StringComparison.Ordinal)},subtype=aetherfs";
}
