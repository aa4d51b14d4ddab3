using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Fuzz;

/// <summary>
/// The exceptions a parser may answer bad bytes with: the ones the CLI turns into one clear line and the hub into
/// a 4xx (see ErrorReporter and the hub's problem mapping). Anything else escaping a parser is a finding.
/// </summary>
internal static class ExpectedErrors
{
    public static bool IsClearError(Exception error) => error is
        ManifestFormatException or
        DigestMismatchException or
        PackingException or
        InvalidDataException or
        EndOfStreamException or
        FormatException;
}
