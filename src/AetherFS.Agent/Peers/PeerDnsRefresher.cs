using System.Net;
using System.Net.Sockets;
using AetherFS.Agent.Configuration;
using AetherFS.Client.Peers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Peers;

/// <summary>
/// Re-reads <c>--peers-dns</c> every <see cref="AgentOptions.PeerDnsInterval"/>: every address the name resolves to is
/// a peer (a headless service lists one per pod). A failed lookup keeps the last list rather than drop every peer.
/// </summary>
internal sealed partial class PeerDnsRefresher(AgentRuntime runtime, AgentOptions options, TimeProvider time, ILogger<PeerDnsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PeersDns is not { } name || runtime.Peers is not { } membership)
        {
            return;
        }

        var scheme = options.TlsCertificatePath is null ? "http" : "https";
        var port = name.Port ?? options.Port;
        string? lastError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(name.Host, stoppingToken);
                membership.Update(addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                    .Select(a => new UriBuilder(scheme, a.ToString(), port).Uri));
                lastError = null;
            }
            catch (SocketException e)
            {
                if (lastError != e.Message)
                {
                    Log.LookupFailed(logger, name.ToString(), e.Message);
                    lastError = e.Message;
                }
            }

            try
            {
                await Task.Delay(options.PeerDnsInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cannot resolve peers {Name}, keeping the last list: {Error}")]
        public static partial void LookupFailed(ILogger logger, string name, string error);
    }
}
