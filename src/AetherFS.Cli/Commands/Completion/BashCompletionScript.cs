using System.Text;

namespace AetherFS.Cli.Commands.Completion;

/// <summary>
/// A bash completion function: it walks the words typed so far down the command tree (skipping options), then
/// offers the subcommands and options of the command reached. zsh runs it through bashcompinit.
/// </summary>
internal static class BashCompletionScript
{
    public static string Write(CompletionTree root)
    {
        var script = new StringBuilder();
        script.Append("""
            # aetherfs completion for bash (and zsh through bashcompinit)
            _aetherfs() {
                local cur="${COMP_WORDS[COMP_CWORD]}" path="" word i
                for ((i = 1; i < COMP_CWORD; i++)); do
                    word="${COMP_WORDS[i]}"
                    case "$word" in -*) continue ;; esac
                    if [[ " $(_aetherfs_subcommands "$path") " == *" $word "* ]]; then
                        path="${path:+$path }$word"
                    fi
                done
                local words="$(_aetherfs_subcommands "$path") $(_aetherfs_options "$path")"
                COMPREPLY=($(compgen -W "$words" -- "$cur"))
            }

            _aetherfs_subcommands() {
                case "$1" in

            """);
        foreach (var command in root.All().Where(c => c.Subcommands.Count > 0))
        {
            script.Append(CultureInfo($"        \"{command.Path}\") echo \"{string.Join(' ', command.Subcommands.Select(s => s.Name))}\" ;;\n"));
        }

        script.Append("""
                esac
            }

            _aetherfs_options() {
                case "$1" in

            """);
        foreach (var command in root.All())
        {
            script.Append(CultureInfo($"        \"{command.Path}\") echo \"{string.Join(' ', command.Options.Select(o => o.Name))}\" ;;\n"));
        }

        script.Append("""
                esac
            }

            complete -o default -F _aetherfs aetherfs

            """);
        return script.ToString();
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
