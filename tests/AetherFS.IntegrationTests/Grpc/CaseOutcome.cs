namespace AetherFS.IntegrationTests.Grpc;

/// <summary>How one Python case ended, as run_cases.py writes it.</summary>
public sealed record CaseOutcome(bool Passed, string Details);
