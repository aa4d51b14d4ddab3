using AetherFS.Client.Pull;

namespace AetherFS.Client.Tests.Pull;

/// <summary>The rules only: nothing here pulls, so system paths are named but never touched.</summary>
public sealed class ProtectedDirectoriesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("aetherfs-protected-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("/usr")]
    [InlineData("/usr/lib")]
    [InlineData("/etc")]
    [InlineData("/var")]
    [InlineData("/home/someone")]
    [InlineData("/boot/")]
    public void SystemDirectories_AreProtected(string path) =>
        Assert.Equal("it is a system directory", Rules().Reason(path));

    [Fact]
    public void TheHomeDirectory_AndWhatHoldsIt_AreProtected()
    {
        var rules = Rules();

        Assert.Equal("it is your home directory", rules.Reason(Path.Join(_root, "users", "me")));
        Assert.Equal("it holds your home directory", rules.Reason(Path.Join(_root, "users")));
    }

    [Fact]
    public void TheWorkingDirectory_AndItsParents_AreProtected()
    {
        var rules = Rules();

        Assert.Equal("it is the current directory", rules.Reason(Path.Join(_root, "work", "project")));
        Assert.Equal("it holds the current directory", rules.Reason(Path.Join(_root, "work")));
        Assert.NotNull(rules.Reason(_root));
    }

    [Fact]
    public void AMountPoint_IsProtected()
    {
        var mount = Path.Join(_root, "mnt-data");

        Assert.Equal("it is a mount point", Rules(mount).Reason(mount + "/"));
    }

    [Fact]
    public void ADirectoryOfItsOwn_MayBeReplaced()
    {
        var rules = Rules();

        Assert.Null(rules.Reason(Path.Join(_root, "work", "project", "data")));
        Assert.Null(rules.Reason(Path.Join(_root, "users", "me", "datasets", "geo")));
        Assert.Null(rules.Reason(Path.Join(_root, "work", "projects")));
    }

    [Fact]
    public void Check_NamesTheDirectoryAndTheReason()
    {
        var home = Path.Join(_root, "users", "me");

        var refused = Assert.Throws<ProtectedDirectoryException>(() => Rules().Check(home));

        Assert.Contains($"'{home}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("home directory", refused.Message, StringComparison.Ordinal);
    }

    private ProtectedDirectories Rules(params string[] mountPoints) =>
        new(Path.Join(_root, "users", "me"), Path.Join(_root, "work", "project"), () => new HashSet<string>(mountPoints, StringComparer.Ordinal));
}
