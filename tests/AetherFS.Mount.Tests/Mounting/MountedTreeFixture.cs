using AetherFS.Mount.Tests.Trees;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>One model tree mounted for a class of tests, with asynchronous reads; unmounted when the class is done.</summary>
public sealed class MountedTreeFixture : IAsyncLifetime
{
    public const long BigFileLength = (5L << 30) + 12_345;

    private readonly TempDirectory _temp = new();

    internal InMemoryTree Tree { get; } = SampleTree.Build(asynchronousReads: true);

    internal FuseMount Mount { get; private set; } = null!;

    public string Directory => Mount.Directory;

    public string PathOf(string relative) => Path.Join(Directory, relative);

    public Task InitializeAsync()
    {
        var directory = System.IO.Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        Mount = FuseMount.Start(Tree, directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _temp.Dispose();
        }
    }
}
