using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Push;

/// <summary>The version a push goes against, fetched once: its blocks are the delta bases, its bytes the manifest's base.</summary>
internal sealed record PreviousManifest(ManifestIndex Index, HeldManifest Held);
