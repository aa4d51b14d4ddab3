using AetherFS.Client;
using AetherFS.Core.Units;
using Spectre.Console;

namespace AetherFS.Cli.Infrastructure;

/// <summary>A progress bar on stderr while a long push or pull runs, when a person is watching.</summary>
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
                    task.Description = $"{label} {ByteSize.Format(p.BytesDone)}/{ByteSize.Format(p.BytesTotal)}";
                });
                return await work(progress);
            });
    }
}
