using AetherFS.Core.Datasets;

namespace AetherFS.Hub.Application;

/// <summary>A version found by tag or digest: its digest, the tag's record (null when found by digest) and the manifest's canonical bytes.</summary>
internal sealed record ManifestVersion(string Digest, TagRecord? Tag, byte[] Bytes);
