using AetherFS.Core.Datasets;

namespace AetherFS.Hub.Publishing;

/// <summary>A tag moved (or was deleted: then <see cref="Record"/> is what it pointed at last).</summary>
internal sealed record TagChange(string Name, string Tag, TagRecord Record, bool Deleted);
