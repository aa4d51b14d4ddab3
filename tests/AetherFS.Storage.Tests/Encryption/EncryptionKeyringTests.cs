using AetherFS.Storage.Encryption;

namespace AetherFS.Storage.Tests.Encryption;

public sealed class EncryptionKeyringTests : IDisposable
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_ReadsIdKeyLines_TheFirstIsCurrent_CommentsAndBlankLinesIgnored()
    {
        var keyring = EncryptionKeyring.Load(Write($"# rotated 2026-11\n\nk2:{KeyB}\n  k1:{KeyA}  \n"));

        Assert.Equal("k2", keyring.Current.Id);
        Assert.Equal(["k2", "k1"], keyring.Keys.Select(k => k.Id));
        Assert.NotNull(keyring.Find("k1"));
        Assert.Null(keyring.Find("k3"));
    }

    [Theory]
    [InlineData("k1", "line 1: expected id:base64-key")]
    [InlineData(":AAAA", "line 1: expected id:base64-key")]
    [InlineData("k1:***", "line 1: the key of 'k1' is not base64")]
    [InlineData("k1:AAAAAAAAAAAAAAAAAAAAAA==", "line 1: key 'k1' is 16 bytes, not 32")]
    [InlineData("", "lists no key")]
    public void Load_RefusesAMalformedFile_WithOneLineNamingTheLine(string content, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => EncryptionKeyring.Load(Write(content)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_RefusesARepeatedId_AndAnUnreadableFile_WithoutShowingKeys()
    {
        var repeated = Assert.Throws<ArgumentException>(() => EncryptionKeyring.Load(Write($"k1:{KeyA}\nk1:{KeyB}\n")));
        var missing = Assert.Throws<ArgumentException>(() => EncryptionKeyring.Load(_temp.Combine("absent")));

        Assert.Contains("line 2: key id 'k1' appears twice", repeated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, repeated.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", missing.Message, StringComparison.Ordinal);
        Assert.Equal("key k1", new EncryptionKey("k1", new byte[32]).ToString());
    }

    private string Write(string content)
    {
        var path = _temp.Combine("keys-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }
}
