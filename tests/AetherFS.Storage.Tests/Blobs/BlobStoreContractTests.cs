using System.Security.Cryptography;
using System.Text;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> promises, run against each implementation (local disk, S3): the block and
/// dataset stores, the hub and garbage collection rely on exactly these behaviours.
/// </summary>
public abstract class BlobStoreContractTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>An empty store for this test.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>
    /// False for a test server that writes objects in place (s3rver truncates and rewrites the file, metadata after),
    /// where racing PUTs of one key can interleave. S3 itself, MinIO and Ceph replace objects atomically.
    /// </summary>
    protected virtual bool RacingPutsAreAtomic => true;

    [Fact]
    public async Task Put_ThenOpenRead_ReturnsTheBytes()
    {
        await Put("a/b/c", "hello world");

        Assert.Equal("hello world", await Read("a/b/c", 0, null));
    }

    [Fact]
    public async Task Head_ReportsSizeAndTime()
    {
        var before = DateTime.UtcNow.AddSeconds(-5);
        await Put("k", "12345");

        var info = await Store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(info);
        Assert.Equal("k", info.Key);
        Assert.Equal(5, info.Size);
        Assert.Equal(DateTimeKind.Utc, info.LastModified.Kind);
        Assert.InRange(info.LastModified, before, DateTime.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Head_IsNullForMissingKeysAndDirectories()
    {
        await Put("dir/k", "x");

        Assert.Null(await Store.HeadAsync("missing", CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.HeadAsync("dir", CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task OpenRead_IsNullForMissingKeys()
    {
        Assert.Null(await Store.OpenReadAsync("missing", 0, null, CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.OpenReadAsync("no/such/dir", 0, null, CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.OpenReadAsync("missing", 2, 3, CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.OpenReadAsync("missing", 0, 0, CancellationToken.None).WaitAsync(Timeout));
    }

    [Theory]
    [InlineData(0L, 10L, "0123456789")]
    [InlineData(3L, 4L, "3456")]
    [InlineData(7L, null, "789")]
    [InlineData(9L, 1L, "9")]
    [InlineData(10L, null, "")]
    [InlineData(10L, 0L, "")]
    [InlineData(0L, 0L, "")]
    [InlineData(4L, 0L, "")]
    public async Task OpenRead_ReturnsTheRequestedRange(long offset, long? length, string expected)
    {
        await Put("k", "0123456789");

        await using var content = await Store.OpenReadAsync("k", offset, length, CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(content);
        Assert.Equal(expected.Length, content.Length);
        Assert.Equal(10, content.TotalSize);
        Assert.Equal(expected, await ReadToEnd(content));
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(11L, null)]
    [InlineData(11L, 0L)]
    [InlineData(5L, 6L)]
    [InlineData(10L, 1L)]
    [InlineData(0L, -1L)]
    public async Task OpenRead_RefusesRangesOutsideTheBlob(long offset, long? length)
    {
        await Put("k", "0123456789");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync("k", offset, length, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task OpenRead_RefusesLengthThatOverflows()
    {
        await Put("k", "0123456789");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync("k", 1, long.MaxValue, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task EmptyBlob_IsStoredReadAndListed()
    {
        await Put("empty", string.Empty);

        Assert.Equal(0, (await Store.HeadAsync("empty", CancellationToken.None).WaitAsync(Timeout))!.Size);
        Assert.Equal(string.Empty, await Read("empty", 0, null));
        Assert.Equal(string.Empty, await Read("empty", 0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.OpenReadAsync("empty", 1, null, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(0, Assert.Single(await ListInfos(string.Empty)).Size);
    }

    [Fact]
    public async Task LargeBlob_RoundTripsWholeAndInRanges()
    {
        // Over the S3 store's multipart threshold, with ranges across its part boundaries.
        var data = RandomNumberGenerator.GetBytes((20 * 1024 * 1024) + 12345);
        await Store.PutAsync("large", data, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(data.Length, (await Store.HeadAsync("large", CancellationToken.None).WaitAsync(Timeout))!.Size);
        await using (var whole = (await Store.OpenReadAsync("large", 0, null, CancellationToken.None).WaitAsync(Timeout))!)
        {
            Assert.Equal(SHA256.HashData(data), await SHA256.HashDataAsync(whole.Stream).AsTask().WaitAsync(Timeout));
        }

        const long partBoundary = 8 * 1024 * 1024;
        await using var range = (await Store.OpenReadAsync("large", partBoundary - 100, 200, CancellationToken.None).WaitAsync(Timeout))!;
        var bytes = new byte[200];
        await range.Stream.ReadExactlyAsync(bytes).AsTask().WaitAsync(Timeout);
        Assert.Equal(data.AsSpan((int)partBoundary - 100, 200).ToArray(), bytes);
        Assert.Equal(data.Length, range.TotalSize);
    }

    [Fact]
    public async Task Put_OverwritesWithTheNewValue()
    {
        await Put("k", "a much longer first value");
        await Put("k", "second");

        Assert.Equal("second", await Read("k", 0, null));
        Assert.Equal(6, (await Store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout))!.Size);
    }

    [Fact]
    public async Task ConcurrentPutsOfOneKey_LeaveOneWholeValue()
    {
        var values = Enumerable.Range(0, 8).Select(i => RandomNumberGenerator.GetBytes(256 * 1024 + i)).ToList();

        await Task.WhenAll(values.Select(v => Store.PutAsync("contended", v, CancellationToken.None))).WaitAsync(Timeout);
        if (!RacingPutsAreAtomic)
        {
            // Every racing put succeeded; the next one replaces whatever they left.
            await Store.PutAsync("contended", values[0], CancellationToken.None).WaitAsync(Timeout);
        }

        await using var content = (await Store.OpenReadAsync("contended", 0, null, CancellationToken.None).WaitAsync(Timeout))!;
        var stored = new byte[content.Length];
        await content.Stream.ReadExactlyAsync(stored).AsTask().WaitAsync(Timeout);
        Assert.Contains(values, v => v.AsSpan().SequenceEqual(stored));
    }

    [Fact]
    public async Task Delete_RemovesTheKeyAndSaysWhetherItExisted()
    {
        await Put("k", "x");

        Assert.True(await Store.DeleteAsync("k", CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await Store.OpenReadAsync("k", 0, null, CancellationToken.None).WaitAsync(Timeout));
        Assert.False(await Store.DeleteAsync("k", CancellationToken.None).WaitAsync(Timeout));
        Assert.Empty(await List(string.Empty));
    }

    [Fact]
    public async Task List_ReturnsKeysWithPrefixInOrdinalOrder()
    {
        // s3rver walks its directories, so it lists "a/x" before "a-b" where S3 (UTF-8 byte order) lists it after:
        // these keys order the same both ways. LocalBlobStoreTests holds the stricter case.
        foreach (var key in new[] { "p/b", "p/B", "p/a/z", "p/c", "p/a/a", "q/x", "px", "p/a_b" })
        {
            await Put(key, key);
        }

        Assert.Equal(["p/B", "p/a/a", "p/a/z", "p/a_b", "p/b", "p/c"], await List("p/"));
    }

    [Fact]
    public async Task List_MatchesPartialLastSegment()
    {
        foreach (var key in new[] { "d/apple", "d/apricot", "d/banana", "d/ap/x" })
        {
            await Put(key, key);
        }

        Assert.Equal(["d/ap/x", "d/apple", "d/apricot"], await List("d/ap"));
    }

    [Fact]
    public async Task List_ReportsSizesAndTheTimesHeadReports()
    {
        await Put("k", "12345");

        var listed = Assert.Single(await ListInfos(string.Empty));
        var head = (await Store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout))!;

        Assert.Equal("k", listed.Key);
        Assert.Equal(5, listed.Size);
        Assert.Equal(DateTimeKind.Utc, listed.LastModified.Kind);
        // S3 lists milliseconds but HEAD answers whole seconds.
        Assert.InRange((listed.LastModified - head.LastModified).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task List_WithEmptyPrefixReturnsEveryKey()
    {
        await Put("a", "1");
        await Put("b/c", "2");

        Assert.Equal(["a", "b/c"], await List(string.Empty));
    }

    [Fact]
    public async Task List_OfMissingDirectoryIsEmpty()
    {
        Assert.Empty(await List("nothing/here/"));
    }

    [Fact]
    public async Task List_PagesThroughMoreThanAThousandKeysInOrder()
    {
        var keys = Enumerable.Range(0, 1100).Select(i => $"many/{i:x3}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
            await Store.PutAsync(key, Encoding.UTF8.GetBytes(key), ct)).WaitAsync(TimeSpan.FromMinutes(2));
        await Put("manx", "not under many/");

        var listed = await List("many/");

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task List_RefusesPrefixesThatLeaveTheRoot()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => List("../"));
        await Assert.ThrowsAsync<ArgumentException>(() => List("a/../../"));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("..")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    public async Task Keys_RefuseUnsafePaths(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.HeadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, CancellationToken.None));
        Assert.Empty(await List(string.Empty));
    }

    protected Task Put(string key, string value) => Store.PutAsync(key, Encoding.UTF8.GetBytes(value), CancellationToken.None).WaitAsync(Timeout);

    protected async Task<string> Read(string key, long offset, long? length)
    {
        await using var content = await Store.OpenReadAsync(key, offset, length, CancellationToken.None).WaitAsync(Timeout);
        return await ReadToEnd(content!);
    }

    protected async Task<List<string>> List(string prefix) => [.. (await ListInfos(prefix)).Select(i => i.Key)];

    protected async Task<List<BlobInfo>> ListInfos(string prefix)
    {
        var result = new List<BlobInfo>();
        using var timeout = new CancellationTokenSource(Timeout);
        await foreach (var info in Store.ListAsync(prefix, timeout.Token))
        {
            result.Add(info);
        }

        return result;
    }

    /// <summary>Reads exactly <see cref="BlobContent.Length"/> bytes, in small pieces as a slow consumer would.</summary>
    protected static async Task<string> ReadToEnd(BlobContent content)
    {
        var bytes = new byte[content.Length];
        var done = 0;
        while (done < bytes.Length)
        {
            var read = await content.Stream.ReadAsync(bytes.AsMemory(done, Math.Min(3, bytes.Length - done))).AsTask().WaitAsync(Timeout);
            Assert.NotEqual(0, read);
            done += read;
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
