using AetherFS.Core.Datasets;
using AetherFS.Storage.Retention;

namespace AetherFS.Storage.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static readonly DateTime Now = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void KeepLast_ExpiresAllButTheNewestUnprotectedTags()
    {
        var tags = Tags(("v1", 40), ("v2", 30), ("v3", 20), ("v4", 10), ("stable", 50), ("latest", 10));

        var expired = RetentionPlanner.Plan(new RetentionPolicy(2, null, ["stable", "latest"]), tags, Now);

        Assert.Equal(["v2", "v1"], expired.Select(e => e.Tag));
        Assert.All(expired, e => Assert.Equal("not among the newest 2", e.Reason));
    }

    [Fact]
    public void MaxAge_ExpiresTagsPublishedLongerAgo_WhateverTheirRank()
    {
        var tags = Tags(("v1", 100), ("v2", 91), ("v3", 89), ("stable", 365));

        var expired = RetentionPlanner.Plan(new RetentionPolicy(null, TimeSpan.FromDays(90), ["stable"]), tags, Now);

        Assert.Equal(["v2", "v1"], expired.Select(e => e.Tag));
        Assert.All(expired, e => Assert.Equal("older than 90d", e.Reason));
    }

    [Fact]
    public void BothRules_EachExpireOnTheirOwn()
    {
        var tags = Tags(("a", 1), ("b", 2), ("c", 3), ("d", 200));

        var expired = RetentionPlanner.Plan(new RetentionPolicy(3, TimeSpan.FromDays(90), []), tags, Now);

        Assert.Equal(["d"], expired.Select(e => e.Tag));
        Assert.Equal(["c", "d"], RetentionPlanner.Plan(new RetentionPolicy(2, TimeSpan.FromDays(90), []), tags, Now).Select(e => e.Tag));
    }

    [Fact]
    public void TagsPublishedAtTheSameInstant_RankByName_SoTheOutcomeIsStable()
    {
        var tags = Tags(("b", 5), ("a", 5), ("c", 5));

        Assert.Equal(["c"], RetentionPlanner.Plan(new RetentionPolicy(2, null, []), tags, Now).Select(e => e.Tag));
    }

    [Fact]
    public void ProtectedPatterns_TakeWildcards_AndProtectedTagsDoNotCountTowardKeepLast()
    {
        var tags = Tags(("release-1", 30), ("release-2", 20), ("nightly-7", 10), ("nightly-8", 5));

        var expired = RetentionPlanner.Plan(new RetentionPolicy(1, null, ["release-*"]), tags, Now);

        Assert.Equal(["nightly-7"], expired.Select(e => e.Tag));
        Assert.Equal("sha256:nightly-7", expired[0].Digest);
    }

    [Theory]
    [InlineData(null, null, "needs keepLast, maxAge or both")]
    [InlineData(0, null, "at least 1")]
    [InlineData(null, -1, "positive")]
    public void Validate_RefusesPoliciesThatMakeNoSense(int? keepLast, int? maxAgeDays, string error)
    {
        var policy = new RetentionPolicy(keepLast, maxAgeDays is { } days ? TimeSpan.FromDays(days) : null, []);

        Assert.Contains(error, policy.Validate(), StringComparison.Ordinal);
    }

    private static List<(string, TagRecord)> Tags(params (string Tag, int DaysAgo)[] tags) =>
        tags.Select(t => (t.Tag, new TagRecord($"sha256:{t.Tag}", Now.AddDays(-t.DaysAgo), null))).ToList();
}
