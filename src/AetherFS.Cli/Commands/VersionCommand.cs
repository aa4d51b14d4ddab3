using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("version", "Print the version of aetherfs");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            output.Out.WriteLine($"aetherfs {version} ({RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier})");
            return ExitCodes.Success;
        });
        return command;
    }
}
