using AetherFS.Protocol.Rest;

namespace AetherFS.Hub.Security.Tokens;

/// <summary>
/// What a token may do at most: its actions on the datasets its patterns match. The hub grants the intersection of
/// this with what its owner may do now, so a token never outlives or exceeds its owner's rights.
/// </summary>
public sealed class TokenScope
{
    private readonly IReadOnlyList<DatasetPattern> _patterns;

    private TokenScope(string tokenName, IReadOnlyList<DatasetPattern> patterns, DatasetActions actions)
    {
        TokenName = tokenName;
        _patterns = patterns;
        Actions = actions;
    }

    public string TokenName { get; }

    /// <summary>The token's actions, expanded (write implies read).</summary>
    public DatasetActions Actions { get; }

    /// <summary>Whether the token covers every dataset with admin, so its owner's admin rights pass through whole.</summary>
    public bool CoversEverything => Actions.HasFlag(DatasetActions.Admin) && _patterns.Any(p => p.Text == "**");

    public DatasetActions ActionsOn(string dataset) => _patterns.Any(p => p.Matches(dataset)) ? Actions : DatasetActions.None;

    /// <summary>Throws <see cref="ArgumentException"/> saying which pattern or action is wrong.</summary>
    internal static TokenScope Parse(string tokenName, IReadOnlyList<string> datasets, IReadOnlyList<string> actions) =>
        new(tokenName, datasets.Select(DatasetPattern.Parse).ToList(), DatasetActionNames.Parse(actions, "token"));

    internal static TokenScope Of(TokenInfo token) => Parse(token.Name, token.Datasets, token.Actions);
}
