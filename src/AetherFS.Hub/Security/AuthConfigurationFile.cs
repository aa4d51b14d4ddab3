using YamlDotNet.RepresentationModel;

namespace AetherFS.Hub.Security;

/// <summary>
/// Reads the <c>--auth-config</c> YAML file. Anything unknown, misspelt or ambiguous is refused with one line naming
/// the file and the entry: a security policy that silently ignores a line is worse than none.
/// </summary>
internal static class AuthConfigurationFile
{
    private static readonly string[] TopKeys = ["users", "groups", "oidc", "admins", "datasets"];
    private static readonly string[] RuleKeys = ["anonymous", "authenticated", "users", "groups"];
    private static readonly string[] OidcKeys = ["issuer", "audience", "groupsClaim", "userClaim", "clientId", "scopes"];

    /// <summary>Throws <see cref="ArgumentException"/> with one line naming the file and what is wrong.</summary>
    public static AuthConfiguration Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read the auth configuration {path}: {e.Message}", e);
        }

        try
        {
            return Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", e);
        }
    }

    public static AuthConfiguration Parse(string text)
    {
        var root = Root(text);
        CheckKeys(root, TopKeys, string.Empty);
        var oidc = root.Children.TryGetValue(new YamlScalarNode("oidc"), out var oidcNode) ? Oidc(oidcNode) : null;

        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        foreach (var (user, value) in Map(root, "users"))
        {
            users[user] = PasswordHash.Parse(Scalar(value, $"users.{user}"))
                ?? throw new ArgumentException($"users.{user}: not a password hash from 'aetherfs auth hash-password'");
        }

        var groupsOfUser = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, value) in Map(root, "groups"))
        {
            groups.Add(group);
            foreach (var member in List(value, $"groups.{group}"))
            {
                KnownUser(users, member, $"groups.{group}", oidc);
                (groupsOfUser.TryGetValue(member, out var list) ? list : groupsOfUser[member] = []).Add(group);
            }
        }

        var admins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var admin in root.Children.TryGetValue(new YamlScalarNode("admins"), out var adminNode) ? List(adminNode, "admins") : [])
        {
            KnownUser(users, admin, "admins", oidc);
            admins.Add(admin);
        }

        var rules = new List<DatasetRule>();
        foreach (var (pattern, value) in Map(root, "datasets"))
        {
            rules.Add(Rule(pattern, value, users, groups, oidc));
        }

        RefuseTies(rules);
        rules.Sort((a, b) => b.Pattern.CompareSpecificity(a.Pattern));
        return new AuthConfiguration(users, groupsOfUser.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal), admins, rules, oidc);
    }

    private static DatasetRule Rule(string pattern, YamlNode value, Dictionary<string, PasswordHash> users, HashSet<string> groups, OidcSettings? oidc)
    {
        var where = $"datasets.\"{pattern}\"";
        var parsed = DatasetPattern.Parse(pattern);
        if (value is not YamlMappingNode rule)
        {
            throw new ArgumentException($"{where}: expected a map of anonymous, authenticated, users, groups");
        }

        CheckKeys(rule, RuleKeys, where + ".");
        var userActions = new Dictionary<string, DatasetActions>(StringComparer.Ordinal);
        foreach (var (user, actions) in Map(rule, "users", where + "."))
        {
            KnownUser(users, user, where + ".users", oidc);
            userActions[user] = DatasetActionNames.Parse(List(actions, $"{where}.users.{user}"), $"{where}.users.{user}");
        }

        var groupActions = new Dictionary<string, DatasetActions>(StringComparer.Ordinal);
        foreach (var (group, actions) in Map(rule, "groups", where + "."))
        {
            // With OIDC, groups also come from a token claim, so a group need not be declared locally.
            if (oidc is null && !groups.Contains(group))
            {
                throw new ArgumentException($"{where}.groups: unknown group '{group}' (declare it under groups:)");
            }

            groupActions[group] = DatasetActionNames.Parse(List(actions, $"{where}.groups.{group}"), $"{where}.groups.{group}");
        }

        return new DatasetRule(
            parsed,
            DatasetActionNames.Parse(OptionalList(rule, "anonymous", where), where + ".anonymous"),
            DatasetActionNames.Parse(OptionalList(rule, "authenticated", where), where + ".authenticated"),
            userActions,
            groupActions);
    }

    // Equally specific patterns that a name could match both of would make the verdict depend on file order.
    private static void RefuseTies(List<DatasetRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            for (var j = i + 1; j < rules.Count; j++)
            {
                var (a, b) = (rules[i].Pattern, rules[j].Pattern);
                if (a.CompareSpecificity(b) == 0 && a.Overlaps(b))
                {
                    throw new ArgumentException($"datasets: \"{a.Text}\" and \"{b.Text}\" are equally specific and both match some names; make one more specific");
                }
            }
        }
    }

    private static OidcSettings Oidc(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ArgumentException("oidc: expected a map of issuer, audience, groupsClaim, userClaim, clientId, scopes");
        }

        CheckKeys(map, OidcKeys, "oidc.");
        string Required(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && Scalar(v, "oidc." + key) is { Length: > 0 } s
            ? s
            : throw new ArgumentException($"oidc: {key} is required");
        var issuer = Required("issuer");
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback))
        {
            throw new ArgumentException($"oidc.issuer: '{issuer}' is not an https URL (http only on loopback)");
        }

        string? Optional(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && Scalar(v, "oidc." + key) is { Length: > 0 } s ? s : null;
        var scopes = map.Children.TryGetValue(new YamlScalarNode("scopes"), out var scopeNode) ? List(scopeNode, "oidc.scopes") : null;
        if (scopes is not null && (scopes.Count == 0 || scopes.Any(s => s.Length == 0 || s.Any(char.IsWhiteSpace))))
        {
            throw new ArgumentException("oidc.scopes: expected a non-empty list of scope names without spaces, such as [openid, email]");
        }

        return new OidcSettings(
            uri,
            Required("audience"),
            Optional("groupsClaim") ?? "groups",
            Optional("userClaim") ?? OidcSettings.DefaultUserClaim,
            Optional("clientId"),
            scopes);
    }

    // With OIDC, a name may also be one that tokens carry (their userClaim), which no local list declares.
    private static void KnownUser(Dictionary<string, PasswordHash> users, string user, string where, OidcSettings? oidc)
    {
        if (oidc is null && !users.ContainsKey(user))
        {
            throw new ArgumentException($"{where}: unknown user '{user}' (declare it under users:)");
        }
    }

    private static YamlMappingNode Root(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            // Including a key given twice: which of the two was meant is not ours to guess.
            throw new ArgumentException($"invalid YAML: {e.Message}", e);
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new ArgumentException("expected one YAML document with users, groups, admins and datasets");
    }

    private static IEnumerable<(string Key, YamlNode Value)> Map(YamlMappingNode parent, string key, string where = "")
    {
        if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        return node is YamlMappingNode map
            ? map.Children.Select(c => (Scalar(c.Key, where + key), c.Value))
            : throw new ArgumentException($"{where}{key}: expected a map");
    }

    private static IEnumerable<string> OptionalList(YamlMappingNode parent, string key, string where) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? List(node, $"{where}.{key}") : [];

    private static List<string> List(YamlNode node, string where) => node is YamlSequenceNode sequence
        ? sequence.Children.Select(c => Scalar(c, where)).ToList()
        : throw new ArgumentException($"{where}: expected a list such as [read, write]");

    private static string Scalar(YamlNode node, string where) => node is YamlScalarNode { Value: { } value }
        ? value
        : throw new ArgumentException($"{where}: expected a single value");

    // A key the hub does not know is a mistake (a misspelt 'anonymous' would silently grant nothing): name it.
    private static void CheckKeys(YamlMappingNode map, string[] known, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"unknown key '{where}{name}' (known: {string.Join(", ", known)})");
            }
        }
    }
}
