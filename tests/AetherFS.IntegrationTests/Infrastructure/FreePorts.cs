using System.Net;
using System.Net.Sockets;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// Loopback ports free now, for servers that must know each other's address before they start (agents that list
/// their peers). The kernel hands out ports in turn, so one just released is not handed out again at once.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
