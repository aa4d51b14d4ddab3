using System.Net;
using System.Net.Sockets;
using AetherFS.Agent.Configuration;
using AetherFS.Client.Peers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Peers;

/// <summary>
/// Reads <c>--peers-dns</c> once before the syncs start, then again every <see cref="AgentOptions.PeerDnsInterval"/>:
/// every address the name resolves to is a peer (a headless service lists one per pod). A failed lookup keeps the
/// last list rather than drop every peer.
/// </summary>
internal sealed partial class PeerDnsRefresher(AgentRuntime runtime, AgentOptions options, TimeProvider time, ILogger<PeerDnsRefresher> logger) : BackgroundService
{
    // How long the first lookup may hold up the start: syncs begin with the peers, not with the hub alone.
    private static readonly TimeSpan FirstLookupBound = TimeSpan.FromSeconds(5);

    private string? _lastError;

    /// <summary>Resolves the name once before the syncs start (registered before them), then every interval.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.PeersDns is not null && runtime.Peers is not null)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(FirstLookupBound);
            try
            {
                await LookupAsync(bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.LookupFailed(logger, options.PeersDns.ToString(), $"no answer within {FirstLookupBound.TotalSeconds:0} s");
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PeersDns is null || runtime.Peers is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.PeerDnsInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await LookupAsync(stoppingToken);
        }
    }

    private async Task LookupAsync(CancellationToken cancellationToken)
    {
        var name = options.PeersDns!;
        var scheme = options.TlsCertificatePath is null ? "http" : "https";
        var port = name.Port ?? options.Port;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name.Host, cancellationToken);
            runtime.Peers!.Update(addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .Select(a => new UriBuilder(scheme, a.ToString(), port).Uri));
            _lastError = null;
        }
        catch (SocketException e)
        {
            if (_lastError != e.Message)
            {
                Log.LookupFailed(logger, name.ToString(), e.Message);
                _lastError = e.Message;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cannot resolve peers {Name}, keeping the last list: {Error}")]
        public static partial void LookupFailed(ILogger logger, string name, string error);
    }
}
