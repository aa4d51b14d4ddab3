using AetherFS.Mount.Lifecycle;
using AetherFS.Mount.Tests.Mounting;
using AetherFS.Mount.Tests.Trees;

namespace AetherFS.Mount.Tests.Lifecycle;

/// <summary>The mount table as the kernel lists it, including mount points whose names the kernel escapes.</summary>
public sealed class MountTableTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TypeAt_FindsAMountWhoseNameHasSpacesTabsAndBackslashes()
    {
        // mountinfo writes these as \040, \011 and \134.
        var directory = Directory.CreateDirectory(_temp.Combine("a dir\twith\\odd name")).FullName;
        Assert.Null(MountTable.TypeAt(directory));

        var mount = FuseMount.Start(SampleTree.Build(asynchronousReads: false), directory);
        try
        {
            Assert.Equal(MountPoint.FileSystemType, MountTable.TypeAt(directory));
            Assert.True(MountPoint.IsAetherFsMount(directory));
            Assert.Null(MountTable.TypeAt(directory + "x"));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Null(MountTable.TypeAt(directory));
    }
}
