namespace AetherFS.Core.Blocks;

/// <summary>
/// The 256 random 64-bit values of the gear rolling hash. They are part of the format: changing one moves every
/// content-defined boundary, so they come from a fixed generator (SplitMix64, seed below), never from a runtime RNG.
/// </summary>
internal static class GearTable
{
    private const ulong Seed = 0x4165_7468_6572_4653; // "AetherFS"

    public static readonly ulong[] Values = Generate();

    private static ulong[] Generate()
    {
        var values = new ulong[256];
        var state = Seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            values[i] = z ^ (z >> 31);
        }

        return values;
    }
}
