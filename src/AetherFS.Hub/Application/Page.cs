namespace AetherFS.Hub.Application;

/// <summary>One page of a listing; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
