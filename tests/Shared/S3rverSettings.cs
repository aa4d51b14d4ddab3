namespace AetherFS.Testing;

/// <summary>How an <see cref="S3rverProcess"/> runs: signature checks relaxed, or TLS with a PEM certificate and key.</summary>
public sealed record S3rverSettings(bool AllowMismatchedSignatures = false, string? CertificatePath = null, string? KeyPath = null);
