using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// Reads what <c>auth login</c> needs from stdin or, when a person types, from prompts on stderr (the password
/// without echo): a secret never travels as an argument, where any process listing would show it.
/// </summary>
internal static class SecretInput
{
    /// <summary>The first line of stdin, without its line break; a clear error when there is none.</summary>
    public static string FirstLine(string what)
    {
        var line = CliInput.Current.ReadLine()?.TrimEnd('\r', '\n');
        return line is { Length: > 0 } ? line : throw new CliException($"no {what} on stdin");
    }

    public static string Prompt(ICliOutput output, string label, string missingHint)
    {
        if (!CliInput.IsTerminal)
        {
            throw new CliException(missingHint);
        }

        output.Error.Write($"{label}: ");
        return FirstLine(label.ToLowerInvariant());
    }

    public static string PromptHidden(ICliOutput output, string label, string missingHint)
    {
        if (!CliInput.IsTerminal)
        {
            throw new CliException(missingHint);
        }

        output.Error.Write($"{label}: ");
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        output.Error.WriteLine();
        return typed.Length > 0 ? typed.ToString() : throw new CliException($"no {label.ToLowerInvariant()} given");
    }
}
