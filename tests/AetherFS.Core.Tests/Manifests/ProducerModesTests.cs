using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ProducerModesTests
{
    private static readonly DateTime Time = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(EntryType.File, 0xFED, 0x1ED)] // 07755 -> 0755
    [InlineData(EntryType.File, 0x1A4, 0x1A4)] // 0644 stays
    [InlineData(EntryType.Directory, 0xFFF, 0x7FF)] // 07777 -> 03777: setgid and sticky stay, setuid goes
    [InlineData(EntryType.Symlink, 0x1A4, 0x1FF)] // any -> 0777
    public void Record_KeepsOnlyTheBitsTheHubAccepts(EntryType type, int mode, int recorded)
    {
        Assert.Equal(recorded, ProducerModes.Record(type, mode));
        Assert.Null(ProducerModes.Refusal(Entry(type, recorded)));
    }

    [Theory]
    [InlineData(EntryType.File, 0x800)]
    [InlineData(EntryType.File, 0x400)]
    [InlineData(EntryType.File, 0x200)]
    [InlineData(EntryType.Directory, 0x9ED)]
    [InlineData(EntryType.Symlink, 0)]
    public void Refusal_NamesThePathAndTheMode(EntryType type, int mode)
    {
        var refusal = ProducerModes.Refusal(Entry(type, mode));

        Assert.NotNull(refusal);
        Assert.Contains("'p/q'", refusal, StringComparison.Ordinal);
        Assert.Contains("0" + Convert.ToString(mode, 8).PadLeft(3, '0'), refusal, StringComparison.Ordinal);
    }

    private static ManifestEntry Entry(EntryType type, int mode) =>
        new("p/q", type, 0, mode, Time, type == EntryType.Symlink ? "x" : null);
}
