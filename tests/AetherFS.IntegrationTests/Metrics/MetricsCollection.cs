namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// Tests that read exact values of process-wide metrics (an agent's syncs, the largest lag, the cache budget) run
/// alone, after the parallel tests: the meters are one per process, so agents of other tests would add to them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Process-wide metrics";
}
