using AetherFS.Client;
using Spectre.Console;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// A progress bar on stderr while a long push or pull runs, naming its phase and counting files, when a person is
/// watching (a terminal, no --json, no CI).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(ICliOutput output, bool enabled, string label, Func<IProgress<TransferProgress>?, Task<T>> work)
    {
        if (!enabled || !output.IsInteractive)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 1);
                var progress = new Progress<TransferProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = ProgressLine.Describe(p);
                });
                return await work(progress);
            });
    }

    /// <summary>
    /// A spinner naming what runs elsewhere (garbage collection on the hub, which reports only when done), with the
    /// time it has taken so far, when a person is watching.
    /// </summary>
    public static async Task<T> StatusAsync<T>(ICliOutput output, bool enabled, string phase, Func<Task<T>> work)
    {
        if (!enabled || !output.IsInteractive)
        {
            return await work();
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(phase, maxValue: 1);
                task.IsIndeterminate = true;
                return await work();
            });
    }
}
