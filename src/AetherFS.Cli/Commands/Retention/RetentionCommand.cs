using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.References;

namespace AetherFS.Cli.Commands.Retention;

/// <summary><c>aetherfs retention set|show|clear NAME</c>: the tags garbage collection expires in a dataset.</summary>
internal static class RetentionCommand
{
    public static readonly Argument<string> Name = new("name") { Description = "Dataset name ([host[:port]/]NAME, no tag)" };

    public static Command Create(ICliOutput output) =>
        new("retention", "Set, show or clear a dataset's retention policy (applied by gc)")
        {
            Subcommands = { RetentionSetCommand.Create(output), RetentionShowCommand.Create(output), RetentionClearCommand.Create(output) },
        };

    /// <summary>The dataset NAME names: a reference without tag or digest.</summary>
    public static DatasetReference Dataset(ParseResult parsed)
    {
        var text = parsed.GetValue(Name)!;
        var reference = HubResolver.ParseReference(text);
        if (reference.Digest is not null || text[(text.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal))
        {
            throw new CliException($"'{text}' names a version: a retention policy belongs to the dataset, give NAME alone");
        }

        return reference;
    }
}
