using System.Collections.Concurrent;
using System.Diagnostics;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// The hub and the agent start spans around publishing, storage operations and syncs (seen here by an
/// <see cref="ActivityListener"/>, as an OTLP exporter would); with no OTLP endpoint configured nothing exports them.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private HubHost _hub = null!;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("AetherFS.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task PushAndSync_ProduceSpans_ForPublishStorageAndSync()
    {
        var source = _work.Combine("src");
        TreeBuilder.WriteFile(source, "t.txt", "traced"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "traced/data:v1", source)).AssertSuccess();
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("agent-cache"), "--sync", $"traced/data:v1={_work.Combine("synced")}");
        // The sync's span ends just after the status says synced.
        await agent.WaitForAsync(() => Task.FromResult(_spans.Any(s => s.Source.Name == "AetherFS.Agent" && (string?)s.GetTagItem("aetherfs.dataset") == "traced/data")), "the sync's span");

        var spans = _spans.ToArray();
        Assert.Contains(spans, s => s.Source.Name == "AetherFS.Hub" && s.OperationName.StartsWith("publish", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Source.Name == "AetherFS.Storage" && s.OperationName == "storage put");
        Assert.Contains(spans, s => s.Source.Name == "AetherFS.Storage" && s.OperationName == "storage get");
        Assert.Contains(spans, s => s.Source.Name == "AetherFS.Agent" && s.OperationName == "sync" && (string?)s.GetTagItem("aetherfs.dataset") == "traced/data" && s.Status != ActivityStatusCode.Error);
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NoTracerIsRegistered()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")), "the test process has no OTLP endpoint");

        Assert.Null(_hub.Services.GetService<TracerProvider>());
    }
}
