using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// The datasets the security fixtures guard: "public/a", "maxmind" and "private/x" (v1 each), pushed through an open
/// hub, which is then stopped; a hub with --auth-config starts on its store (the auth tests must not need a login to seed).
/// </summary>
public static class ProtectedDatasets
{
    /// <summary>The work directory of the stopped open hub: its store, ready for a guarded hub.</summary>
    public static async Task<TempDirectory> SeedAsync(TempDirectory sources)
    {
        var open = await HubHost.StartAsync();
        foreach (var (name, seed) in new[] { ("public/a", 1), ("maxmind", 2), ("private/x", 3) })
        {
            var source = sources.Combine(name.Replace('/', '-'));
            TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(200_000, seed));
            (await Infrastructure.Cli.RunAsync(open.Environment(), "push", "-t", name + ":v1", source)).AssertSuccess();
        }

        var (work, _) = await open.StopAsync();
        return work;
    }
}
