namespace AetherFS.Agent.Configuration;

/// <summary>Reads <c>--peers URL,URL,...</c>: each an http or https address of another agent's port, with no path.</summary>
public static class PeerAddresses
{
    public static IReadOnlyList<Uri> Parse(IEnumerable<string> texts)
    {
        var peers = new List<Uri>();
        foreach (var text in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"invalid peer address '{text}': give http://HOST:PORT or https://HOST:PORT");
            }

            peers.Add(uri);
        }

        return peers;
    }
}
