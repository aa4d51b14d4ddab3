using System.Net;
using System.Net.Sockets;

namespace AetherFS.Testing;

/// <summary>A loopback port free right now, for a server the test starts next (a process that must be told its port).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
