using AetherFS.Core.Manifests;

namespace AetherFS.Client.Pull;

/// <summary>The last pull into a destination: its manifest digest and what it wrote (null when not recorded).</summary>
internal sealed record PullRecord(string Digest, ManifestSelection? Written);
