using System.CommandLine;
using AetherFS.Cli.Commands;
using AetherFS.Cli.Commands.Run;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli;

/// <summary>The <c>aetherfs</c> command tree and its one error boundary.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, ICliOutput output)
    {
        var root = new RootCommand("AetherFS: push, pull and serve versioned datasets")
        {
            Options = { CommonOptions.LogLevel, CommonOptions.LogFormat },
            Subcommands =
            {
                PushCommand.Create(output),
                PullCommand.Create(output),
                LsCommand.Create(output),
                TagsCommand.Create(output),
                InspectCommand.Create(output),
                TagCommand.Create(output),
                RmCommand.Create(output),
                GcCommand.Create(output),
                Commands.Retention.RetentionCommand.Create(output),
                RunCommand.Create(),
                VersionCommand.Create(output),
            },
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                output.Error.WriteLine($"aetherfs: error: {error.Message}");
            }

            output.Error.WriteLine("Run 'aetherfs --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output.Out, Error = output.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, output.Error);
        }
    }
}
