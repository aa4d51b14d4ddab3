using System.Diagnostics.CodeAnalysis;

namespace AetherFS.Core.References;

/// <summary>
/// A Docker-style reference: <c>[host[:port]/]name[:tag]</c> or <c>[host[:port]/]name@sha256:hex</c>.
/// </summary>
public sealed record DatasetReference(string? Host, string Name, string Tag, string? Digest)
{
    /// <summary>The reference without its host, as users write it: name:tag or name@digest.</summary>
    public override string ToString() => Digest is null ? $"{Name}:{Tag}" : $"{Name}@{Digest}";

    public static DatasetReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out DatasetReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "reference is empty";
            return false;
        }

        var rest = value;
        string? digest = null;
        // '@' also opens a scope ('@scope/name', 'host/@scope/name'); a digest's '@' never follows a '/'.
        var at = rest.LastIndexOf('@');
        if (at > 0 && rest[at - 1] != '/')
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!References.Digest.IsValid(digest))
            {
                error = $"invalid reference '{value}': digest must be sha256: followed by 64 lowercase hex characters";
                return false;
            }
        }

        string? host = null;
        var slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            // As in Docker: the first component is a host when it looks like one.
            if (!first.StartsWith('@') && (first.Contains('.') || first.Contains(':') || first == "localhost"))
            {
                if (!IsValidHost(first))
                {
                    error = $"invalid reference '{value}': '{first}' is not a valid host[:port]";
                    return false;
                }

                host = first;
                rest = rest[(slash + 1)..];
            }
        }

        var tag = TagName.Default;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            var tagError = TagName.Validate(tag);
            if (tagError is not null)
            {
                error = $"invalid reference '{value}': {tagError}";
                return false;
            }
        }

        var nameError = DatasetName.Validate(rest);
        if (nameError is not null)
        {
            error = $"invalid reference '{value}': {nameError}";
            return false;
        }

        reference = new DatasetReference(host, rest, tag, digest);
        error = null;
        return true;
    }

    // host, host:port, [v6] or [v6]:port, where host is a DNS name or IPv4 address.
    private static bool IsValidHost(string hostPort)
    {
        var host = hostPort;
        var port = string.Empty;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = hostPort[..(close + 1)];
            port = hostPort[(close + 1)..];
        }
        else if (hostPort.LastIndexOf(':') is var colon and >= 0)
        {
            host = hostPort[..colon];
            port = hostPort[colon..];
        }

        var portValid = port.Length == 0 || (port[0] == ':' && ushort.TryParse(port[1..], out var number) && number > 0);
        return portValid && Uri.CheckHostName(host.Trim('[', ']')) is not UriHostNameType.Unknown && !host.StartsWith('.') && !host.EndsWith('.');
    }

    /// <summary>The hub URL implied by the host part: plain HTTP for loopback hosts, HTTPS otherwise.</summary>
    public Uri? HostUrl()
    {
        if (Host is null)
        {
            return null;
        }

        var hostOnly = Host.StartsWith('[') ? Host[..(Host.IndexOf(']') + 1)] : Host.Split(':')[0];
        var loopback = hostOnly is "localhost" or "[::1]" || hostOnly.StartsWith("127.", StringComparison.Ordinal);
        return new Uri($"{(loopback ? "http" : "https")}://{Host}/");
    }
}
