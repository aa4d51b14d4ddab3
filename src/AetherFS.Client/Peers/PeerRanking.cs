using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Client.Peers;

/// <summary>
/// Rendezvous (highest random weight) hashing: every agent ranks the peers for a block the same way from the block's
/// signature and the peers' addresses alone, so they agree on its owner (first) and backup (second) without talking.
/// A peer that joins or leaves moves only the blocks it ranks first for, about 1/N of them; a ring would need virtual
/// nodes to spread as evenly.
/// </summary>
public static class PeerRanking
{
    /// <summary>A peer's stable 64-bit identity in the ranking: from its address, computed once per membership.</summary>
    public static ulong KeyOf(Uri peer) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(peer.AbsoluteUri)));

    /// <summary>The block's part of every score: the first 8 bytes of its signature, already uniformly spread.</summary>
    public static ulong KeyOf(string signature) => Sha256Key.Parse(signature).A;

    /// <summary>The weight of one peer for one block; the highest wins.</summary>
    public static ulong Score(ulong block, ulong peer) => Mix(block ^ peer);

    /// <summary>The index (into <paramref name="peers"/>) of the <paramref name="count"/> best-ranked peers for a block, best first.</summary>
    public static int[] Top(ulong block, IReadOnlyList<ulong> peers, int count)
    {
        count = Math.Min(count, peers.Count);
        var best = new int[count];
        var scores = new ulong[count];
        var filled = 0;
        for (var i = 0; i < peers.Count; i++)
        {
            var score = Score(block, peers[i]);
            var place = filled;
            while (place > 0 && scores[place - 1] < score)
            {
                place--;
            }

            if (place >= count)
            {
                continue;
            }

            var end = Math.Min(filled, count - 1);
            for (var j = end; j > place; j--)
            {
                best[j] = best[j - 1];
                scores[j] = scores[j - 1];
            }

            best[place] = i;
            scores[place] = score;
            filled = Math.Min(filled + 1, count);
        }

        return best;
    }

    // SplitMix64's finaliser: XOR of two uniform keys is not a good weight on its own (peers whose keys share high bits
    // would win together); the mix spreads every input bit over the whole score.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}
