using System.Security.Cryptography;
using AetherFS.Client.Peers;

namespace AetherFS.Client.Tests.Peers;

public sealed class PeerRankingTests
{
    private static readonly string[] Blocks = [.. Enumerable.Range(0, 20_000).Select(i => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))))];

    [Fact]
    public void EveryAgent_PlacesABlockTheSameWay_WhateverOrderItsListIsIn()
    {
        var peers = Peers(5);
        var forward = new PeerMembership(peers);
        var backward = new PeerMembership(peers.AsEnumerable().Reverse());

        foreach (var block in Blocks.Take(500))
        {
            var placed = forward.Place(block);
            Assert.Equal(placed, backward.Place(block));
            Assert.Equal(2, placed.Distinct().Count());
        }
    }

    [Fact]
    public void Owners_AreSpreadEvenly()
    {
        var membership = new PeerMembership(Peers(8));
        var owned = Blocks.GroupBy(b => membership.Place(b, 1)[0]).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(8, owned.Count);
        Assert.All(owned.Values, count => Assert.InRange(count, Blocks.Length / 8 * 0.85, Blocks.Length / 8 * 1.15));
    }

    [Fact]
    public void APeerJoining_TakesAboutOneNthOfTheBlocks_FromTheOthersOnly()
    {
        var peers = Peers(9);
        var before = new PeerMembership(peers.Take(8));
        var after = new PeerMembership(peers);

        var moved = Blocks.Where(b => before.Place(b, 1)[0] != after.Place(b, 1)[0]).ToList();

        // Only blocks the newcomer now owns change owner: ~1/9 of them.
        Assert.All(moved, b => Assert.Equal(peers[8], after.Place(b, 1)[0]));
        Assert.InRange(moved.Count, Blocks.Length / 9 * 0.85, Blocks.Length / 9 * 1.15);
    }

    [Fact]
    public void APeerLeaving_MovesOnlyItsOwnBlocks_ToTheirBackups()
    {
        var peers = Peers(8);
        var before = new PeerMembership(peers);
        var after = new PeerMembership(peers.Skip(1));

        var moved = Blocks.Where(b => before.Place(b, 1)[0] != after.Place(b, 1)[0]).ToList();

        Assert.All(moved, b => Assert.Equal(peers[0], before.Place(b)[0]));
        Assert.All(moved, b => Assert.Equal(before.Place(b)[1], after.Place(b, 1)[0]));
        Assert.InRange(moved.Count, Blocks.Length / 8 * 0.85, Blocks.Length / 8 * 1.15);
    }

    private static Uri[] Peers(int count) => [.. Enumerable.Range(0, count).Select(i => new Uri($"http://10.1.0.{i + 1}:8081/"))];
}
