using AetherFS.Cli;
using AetherFS.Cli.Infrastructure;
using AetherFS.Serving.Telemetry;

// `run hub` and `run agent` export their own spans (ServingTelemetry); every other command exports the client's.
using (args.FirstOrDefault() == "run" ? null : CommandTracing.Start(AetherFS.Client.Telemetry.ClientTracing.SourceName))
{
    return await CliApplication.RunAsync(args, new ConsoleOutput());
}
