namespace AetherFS.Fuzz;

/// <summary>One parser of untrusted bytes, and the valid inputs afl starts mutating from.</summary>
/// <param name="Name">The name run.sh and the command line use.</param>
/// <param name="Run">Feeds one input to the parser; throws only what <see cref="ExpectedErrors"/> calls a clear error, or a bug.</param>
/// <param name="Seeds">Valid inputs, so afl explores past the first check.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run, Func<IEnumerable<byte[]>> Seeds);
