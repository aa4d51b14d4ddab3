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

    [Fact]
    public async Task KernelReadAhead_IsRaisedToOneMebibyte_WhereAllowed()
    {
        var directory = Directory.CreateDirectory(_temp.Combine("read-ahead")).FullName;
        var mount = FuseMount.Start(SampleTree.Build(asynchronousReads: false), directory);
        try
        {
            var device = MountTable.DeviceAt(directory);
            Assert.Matches(@"^0:\d+$", device);
            // Only root may write it (CI and this machine run the tests as root); elsewhere the kernel's 128 KiB stays.
            Assert.Equal(Environment.UserName == "root" ? 1024 : 128, KernelReadAhead.Get(directory));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
