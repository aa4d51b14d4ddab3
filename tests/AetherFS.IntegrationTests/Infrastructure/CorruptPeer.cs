using System.Net;
using System.Text.Json;
using AetherFS.Client.Peers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A peer that answers every block it is asked for with a well-formed payload of the right size but the wrong bytes
/// (a poisoned cache, or an attacker holding the token): what an agent must detect and set aside. Counts requests.
/// </summary>
public sealed class CorruptPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CorruptPeer(WebApplication app) => _app = app;

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CorruptPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var peer = new CorruptPeer(app);
        app.MapPost(PeerProtocol.BlocksPath, peer.ServeAsync);
        await app.StartAsync();
        return peer;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ServeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        context.Response.ContentType = "application/vnd.aetherfs.blocks";
        var header = new byte[PackFormat.RecordHeaderSize];
        foreach (var block in request.GetProperty("blocks").EnumerateArray())
        {
            var signature = block.GetProperty("signature").GetString()!;
            using var payload = BlockPayload.Encode(TreeBuilder.RandomBytes(block.GetProperty("size").GetInt32(), seed: 666), 1);
            PackFormat.WriteRecordHeader(header, Sha256Key.Parse(signature), payload.Length);
            await context.Response.Body.WriteAsync(header);
            await context.Response.Body.WriteAsync(payload.Memory);
        }
    }
}
