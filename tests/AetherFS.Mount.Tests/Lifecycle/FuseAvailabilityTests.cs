using AetherFS.Mount.Lifecycle;

namespace AetherFS.Mount.Tests.Lifecycle;

/// <summary>What <c>aetherfs mount</c> says when this machine cannot mount, before anything is tried.</summary>
public sealed class FuseAvailabilityTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("aetherfs-fuse-availability-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void ThisMachine_CanMount() => Assert.Null(FuseAvailability.Problem());

    [Fact]
    public void NoFuseDevice_SaysHowToGetIt()
    {
        var device = Path.Join(_temp.FullName, "fuse");
        Assert.Equal($"{device} is missing: load the fuse module, or give the container the device (--device /dev/fuse)", FuseAvailability.Problem(null, device));
    }

    [Fact]
    public void NoFusermount3OnPath_SaysWhatToInstall() =>
        Assert.Equal("fusermount3 is not on PATH: install fuse3 (apt-get install fuse3)", FuseAvailability.Problem(_temp.FullName));
}
