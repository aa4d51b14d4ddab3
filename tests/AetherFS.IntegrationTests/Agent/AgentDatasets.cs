using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Agent;

/// <summary>The datasets the agent tests sync: trees of random files in a work directory, pushed with the CLI.</summary>
public sealed class AgentDatasets(TempDirectory work)
{
    /// <summary>A tree of <paramref name="files"/> files of 100 KB and a README, under a fresh directory.</summary>
    public string Tree(string name, int files, int seed)
    {
        var root = work.Combine(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < files; i++)
        {
            TreeBuilder.WriteFile(root, $"f{i}.bin", TreeBuilder.RandomBytes(100_000, seed * 1000 + i));
        }

        TreeBuilder.WriteFile(root, "docs/README.md", "# data\n"u8.ToArray());
        return root;
    }

    /// <summary>One file of random bytes.</summary>
    public string Random(string name, int bytes, int seed)
    {
        var root = work.Combine(name);
        TreeBuilder.WriteFile(root, "data.bin", TreeBuilder.RandomBytes(bytes, seed));
        return root;
    }

    /// <summary>Pushes <paramref name="source"/> to <paramref name="target"/>; the version's digest.</summary>
    public static async Task<string> PushAsync(IHub hub, string source, string target, params string[] extra)
    {
        var result = (await Infrastructure.Cli.RunAsync(hub.Environment(), ["push", source, "-t", target, "--json", .. extra])).AssertSuccess();
        return result.Json().GetProperty("digest").GetString()!;
    }
}
