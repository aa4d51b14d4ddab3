namespace AetherFS.Cli.Infrastructure;

/// <summary>Where commands write: results to Out, messages and progress to Error. Tests substitute their own.</summary>
internal interface ICliOutput
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    /// <summary>Whether a person watches stderr, so progress bars make sense.</summary>
    bool IsInteractive { get; }
}
