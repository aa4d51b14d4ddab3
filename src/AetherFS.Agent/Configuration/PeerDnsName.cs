namespace AetherFS.Agent.Configuration;

/// <summary>
/// <c>--peers-dns NAME[:PORT]</c>: a name whose every address is a peer (a Kubernetes headless service), on the given
/// port or the agent's own.
/// </summary>
public sealed record PeerDnsName(string Host, int? Port)
{
    public static PeerDnsName? Parse(string text, out string? error)
    {
        error = null;
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        int? port = null;
        if (colon >= 0)
        {
            if (!int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                error = $"invalid peer DNS name '{text}': give NAME or NAME:PORT (port 1..65535)";
                return null;
            }

            port = parsed;
        }

        if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            error = $"invalid peer DNS name '{text}': give NAME or NAME:PORT";
            return null;
        }

        return new PeerDnsName(host, port);
    }

    public override string ToString() => Port is { } port ? $"{Host}:{port}" : Host;
}
