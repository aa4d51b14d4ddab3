namespace AetherFS.Client.Push;

/// <summary>
/// What a push published and what it had to send: <see cref="BytesUploaded"/> counts the manifest as sent too; of the
/// blocks uploaded, those sent as deltas and their bytes.
/// </summary>
public sealed record PushResult(
    string Digest,
    IReadOnlyList<string> Tags,
    int Files,
    long Bytes,
    int Blocks,
    int BlocksUploaded,
    long BytesUploaded,
    int BlocksDelta,
    long BytesDelta)
{
    /// <summary>Wall-clock seconds the command took, set by the CLI for <c>--json</c>.</summary>
    public double Seconds { get; init; }

    /// <summary>The manifest's bytes as sent (of <see cref="BytesUploaded"/>): a delta against the previous version's, or compressed.</summary>
    public long ManifestBytes { get; init; }
}
