using System.Security.Cryptography;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// The hub's gRPC API through grpc-dotnet's client and the stubs generated from proto/, with the few steps every
/// caller repeats: gathering a manifest's parts (and checking they hash to its digest), publishing one in parts,
/// moving a block.
/// </summary>
public sealed class GrpcHub : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <param name="handler">Another transport, such as gRPC-Web's handler.</param>
    /// <param name="httpVersion">The HTTP version to insist on (gRPC-Web over HTTP/1.1); HTTP/2 when null.</param>
    public GrpcHub(Uri url, HttpMessageHandler? handler = null, Version? httpVersion = null)
    {
        Channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            HttpVersion = httpVersion,
            HttpVersionPolicy = httpVersion is null ? null : HttpVersionPolicy.RequestVersionExact,
        });
        Datasets = new DatasetAPI.DatasetAPIClient(Channel);
        Blocks = new BlockAPI.BlockAPIClient(Channel);
    }

    public GrpcChannel Channel { get; }

    public DatasetAPI.DatasetAPIClient Datasets { get; }

    public BlockAPI.BlockAPIClient Blocks { get; }

    public static CallOptions Options(CancellationToken cancellationToken = default) => new(deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);

    /// <summary>A version's digest, its manifest's canonical bytes (checked to hash to the digest) and the tag's info.</summary>
    public async Task<(string Digest, byte[] Manifest, TagInfo? Tag)> LookupAsync(string name, string version)
    {
        using var call = Datasets.Lookup(new Protocol.Dataset.V1.LookupRequest { Tag = new Tag { Name = name, Version = version } }, Options());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = call.ResponseStream.Current;
        using var manifest = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            part.ManifestPart.WriteTo(manifest);
        }

        var bytes = manifest.ToArray();
        Assert.Equal(first.ManifestSize, bytes.Length);
        Assert.Equal(first.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return (first.Digest, bytes, first.Tag);
    }

    /// <summary>Publishes manifest bytes under tags, sent in parts of <paramref name="partSize"/> bytes.</summary>
    public async Task<PublishResponse> PublishAsync(byte[] manifest, IEnumerable<Tag> tags, bool createOnly = false, int partSize = 256 * 1024)
    {
        using var call = Datasets.Publish(Options());
        var first = new PublishRequest { CreateOnly = createOnly, Publisher = "grpc-tests" };
        first.Tags.AddRange(tags);
        await call.RequestStream.WriteAsync(first);
        for (var offset = 0; offset < manifest.Length; offset += partSize)
        {
            await call.RequestStream.WriteAsync(new PublishRequest { ManifestPart = ByteString.CopyFrom(manifest, offset, Math.Min(partSize, manifest.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public async Task<byte[]> DownloadAsync(string signature)
    {
        using var call = Blocks.Download(new DownloadRequest { Signature = signature }, Options());
        using var block = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            part.Part.WriteTo(block);
        }

        return block.ToArray();
    }

    public async Task<UploadResponse> UploadAsync(string? signature, byte[] data, int partSize = 1024 * 1024)
    {
        using var call = Blocks.Upload(Options());
        for (var offset = 0; offset < data.Length; offset += partSize)
        {
            await call.RequestStream.WriteAsync(new UploadRequest
            {
                Part = ByteString.CopyFrom(data, offset, Math.Min(partSize, data.Length - offset)),
                Signature = offset == 0 ? signature ?? string.Empty : string.Empty,
            });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public void Dispose() => Channel.Dispose();
}
