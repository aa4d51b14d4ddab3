using AetherFS.Cli;
using AetherFS.Cli.Infrastructure;

return await CliApplication.RunAsync(args, new ConsoleOutput());
