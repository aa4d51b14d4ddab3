using AetherFS.Core.Manifests;

namespace AetherFS.Client.Pull;

/// <summary>The last pull into a destination: its manifest digest and what it wrote (null when not recorded).</summary>
internal sealed record PullRecord(string Digest, ManifestSelection? Written)
{
    /// <summary>The manifest's bytes as recorded (empty when not recorded): the hub may send the next one as a delta against them.</summary>
    public ReadOnlyMemory<byte> ManifestBytes { get; init; }
}
