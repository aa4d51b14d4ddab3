using AetherFS.Core.Manifests;

namespace AetherFS.Hub.Ui;

/// <summary>Two versions compared: each path that differs, and how many blocks and bytes the newer one shares.</summary>
/// <param name="Unverified">Files laid out in other blocks that were not read to tell (over the reading budget).</param>
internal sealed record VersionComparison(IReadOnlyList<FileChange> Changes, BlockSharing Sharing, int Unverified);
