namespace AetherFS.Serving.FileServer;

/// <summary>
/// One range of a Range header as the client wrote it: <c>first-last</c>, <c>first-</c> (to the end) or
/// <c>-suffix</c> (the last <see cref="Last"/> bytes, when <see cref="First"/> is null).
/// </summary>
internal readonly record struct RangeSpec(long? First, long? Last);
