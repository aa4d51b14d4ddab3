using AetherFS.Hub.Application;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.IntegrationTests.Api;

/// <summary>
/// A hub run with the smallest gRPC message limit (64 KiB) and a dataset whose manifest is several times larger: no
/// operation, on any interface, depends on one message holding a whole manifest or listing.
/// </summary>
public sealed class SmallMessageLimitTests : IClassFixture<SmallMessageLimitFixture>
{
    private readonly SmallMessageLimitFixture _many;

    public SmallMessageLimitTests(SmallMessageLimitFixture many) => _many = many;

    [Fact]
    public async Task InspectAndPull_OfTheLargeManifest_Work()
    {
        var inspect = (await Infrastructure.Cli.RunAsync(_many.Hub.Environment(), "inspect", "many:v1", "--json")).AssertSuccess().Json();
        var destination = _many.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(_many.Hub.Environment(), "pull", "many:v1", destination)).AssertSuccess();

        Assert.Equal(_many.Digest, inspect.GetProperty("digest").GetString());
        TreeAssert.Equal(_many.Source, destination);
    }

    [Fact]
    public async Task Agent_SyncsTheLargeManifest()
    {
        var directory = _many.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_many.Hub, _many.Combine("agent-cache"), "--sync", $"many:v1={directory}");

        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("digest").GetString() == _many.Digest, "sync");

        TreeAssert.Equal(_many.Source, Path.Join(directory, "current"));
    }

    [Fact]
    public async Task GrpcLookup_StreamsTheManifestInPartsUnderTheLimit()
    {
        using var grpc = new GrpcHub(_many.Hub.Url);
        using var call = grpc.Datasets.Lookup(new LookupRequest { Tag = new Tag { Name = "many", Version = "v1" } }, GrpcHub.Options());
        var sizes = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            sizes.Add(message.CalculateSize());
        }

        Assert.True(sizes.Count > 3, $"{sizes.Count} messages");
        Assert.All(sizes, size => Assert.True(size < SmallMessageLimitFixture.Limit, $"a {size}-byte message"));
        Assert.Equal(_many.Digest, (await grpc.LookupAsync("many", "v1")).Digest);
    }

    [Fact]
    public async Task GrpcListTags_PagesUnderTheLimit()
    {
        // Enough tags that one page of 1000 would not fit 64 KiB.
        var publisher = _many.Hub.Services.GetRequiredService<ManifestPublisher>();
        await Parallel.ForAsync(0, 600, async (i, ct) =>
            Assert.True((await publisher.PutTagAsync("many", $"tag-{i:D4}", _many.Digest, "tests", createOnly: false, pushId: null, ct)).Succeeded));

        using var grpc = new GrpcHub(_many.Hub.Url);
        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await grpc.Datasets.ListTagsAsync(new ListTagsRequest { Name = "many", PageSize = 1000, PageToken = token }, GrpcHub.Options());
            Assert.True(page.CalculateSize() < SmallMessageLimitFixture.Limit);
            seen.AddRange(page.Tags.Select(t => t.Tag.Version));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(601, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }
}
