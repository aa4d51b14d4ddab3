using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Agent.Peers;

/// <summary>
/// The cluster token, checked in constant time: the bearer token a request carries is hashed and compared with the
/// hash of this agent's, so neither the time taken nor an early exit tells how much of a guess was right.
/// </summary>
internal sealed class PeerToken(string token)
{
    private readonly byte[] _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _hash);
    }
}
