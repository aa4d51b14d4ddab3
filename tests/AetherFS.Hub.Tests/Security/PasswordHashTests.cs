using AetherFS.Hub.Security;

namespace AetherFS.Hub.Tests.Security;

public sealed class PasswordHashTests
{
    [Fact]
    public void Hash_VerifiesItsPassword_AndNoOther()
    {
        var text = PasswordHash.Create("correct horse", PasswordHash.MinIterations);
        var hash = PasswordHash.Parse(text)!;

        Assert.StartsWith("pbkdf2-sha256$100000$", text, StringComparison.Ordinal);
        Assert.True(hash.Verify("correct horse"));
        Assert.False(hash.Verify("correct horsE"));
        Assert.False(hash.Verify(string.Empty));
    }

    [Fact]
    public void SamePassword_HashesDifferently_EachTime() =>
        Assert.NotEqual(PasswordHash.Create("p", PasswordHash.MinIterations), PasswordHash.Create("p", PasswordHash.MinIterations));

    [Fact]
    public void DefaultHash_UsesTheDefaultCost() =>
        Assert.StartsWith($"pbkdf2-sha256${PasswordHash.DefaultIterations}$", PasswordHash.Create("p"), StringComparison.Ordinal);
}
