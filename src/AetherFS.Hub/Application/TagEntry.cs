using AetherFS.Core.Datasets;

namespace AetherFS.Hub.Application;

/// <summary>A tag of a dataset and what it points at.</summary>
internal sealed record TagEntry(string Name, string Tag, TagRecord Record);
