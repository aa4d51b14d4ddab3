using System.CommandLine;
using AetherFS.Cli.Commands;
using AetherFS.Cli.Commands.Run;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli;

/// <summary>The <c>aetherfs</c> command tree and its one error boundary.</summary>
internal static class CliApplication
{
    /// <summary>
    /// Held while a command tree is built and parsed: options are static fields shared by every tree (one per run),
    /// and adding one to a command is not thread-safe.
    /// </summary>
    public static readonly Lock TreeLock = new();

    /// <param name="environment">The environment variables of this run; the process's when null.</param>
    /// <param name="input">Standard input of this run; the process's when null.</param>
    public static async Task<int> RunAsync(string[] args, ICliOutput output, IReadOnlyDictionary<string, string>? environment = null, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        using var scope = environment is null ? null : CliEnvironment.Use(environment);
        using var inputScope = input is null ? null : CliInput.Use(input);
        ParseResult parsed;
        lock (TreeLock)
        {
            // No response files: "@scope/name" is a dataset name, not a file of arguments to read.
            parsed = Build(output).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        }

        if (parsed.Errors.Count > 0)
        {
            output.Error.WriteLine($"aetherfs: error: {ParseErrorLine.For(parsed)}");
            return ExitCodes.InvalidInput;
        }

        try
        {
            if (parsed.Action is System.CommandLine.Help.HelpAction help)
            {
                return await HelpDefaults.WriteAsync(parsed, help, output.Out, cancellationToken);
            }

            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output.Out, Error = output.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, output.Error);
        }
    }

    private static RootCommand Build(ICliOutput output)
    {
        var root = new RootCommand("AetherFS: push, pull and serve versioned datasets")
        {
            Options = { CommonOptions.LogLevel, CommonOptions.LogFormat },
            Subcommands =
            {
                PushCommand.Create(output),
                PullCommand.Create(output),
                MountCommand.Create(output),
                UnmountCommand.Create(output),
                LsCommand.Create(output),
                TagsCommand.Create(output),
                InspectCommand.Create(output),
                Commands.Diff.DiffCommand.Create(output),
                StatsCommand.Create(output),
                TagCommand.Create(output),
                RmCommand.Create(output),
                GcCommand.Create(output),
                VerifyCommand.Create(output),
                Commands.Retention.RetentionCommand.Create(output),
                Commands.Token.TokenCommand.Create(output),
                Commands.Auth.AuthCommand.Create(output),
                RunCommand.Create(),
                VersionCommand.Create(output),
                Commands.Completion.CompletionCommand.Create(output),
            },
        };
        return root;
    }
}
