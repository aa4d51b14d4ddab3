using AetherFS.Hub.Security;

namespace AetherFS.Hub.Tests.Security;

/// <summary>The --auth-config file: what it grants, and what it refuses at start with one line.</summary>
public sealed class AuthConfigurationFileTests
{
    // One cheap hash for every user: these tests are about rules, not key stretching.
    private static readonly string Hash = PasswordHash.Create("secret", PasswordHash.MinIterations);

    private static string Users => $"users:\n  alice: \"{Hash}\"\n  bob: \"{Hash}\"\n  carol: \"{Hash}\"\ngroups:\n  data-team: [carol]\nadmins: [alice]\n";

    private static AccessPolicy Policy(string datasets) => new(AuthConfigurationFile.Parse(Users + "datasets:\n" + datasets));

    [Fact]
    public void IssueExample_GrantsWhatItSays()
    {
        var policy = Policy(
            "  \"public/**\": { anonymous: [read], authenticated: [read] }\n" +
            "  \"maxmind\":   { users: { bob: [read] }, groups: { data-team: [read, write, delete] } }\n" +
            "  \"**\":        { authenticated: [read] }\n");
        var config = policy.Configuration!;
        var (alice, bob, carol) = (config.PrincipalOf("alice"), config.PrincipalOf("bob"), config.PrincipalOf("carol"));

        Assert.True(policy.Allows(Principal.Anonymous, DatasetActions.Read, "public/a/b"));
        Assert.False(policy.Allows(Principal.Anonymous, DatasetActions.Read, "maxmind"));
        Assert.False(policy.Allows(Principal.Anonymous, DatasetActions.Read, "other"));
        Assert.True(policy.Allows(bob, DatasetActions.Read, "other"));
        Assert.True(policy.Allows(bob, DatasetActions.Read, "maxmind"));
        Assert.False(policy.Allows(bob, DatasetActions.Write, "maxmind"));
        Assert.True(policy.Allows(carol, DatasetActions.Delete, "maxmind"));
        Assert.False(policy.Allows(carol, DatasetActions.Write, "public/a"));
        Assert.True(policy.Allows(alice, DatasetActions.Admin, "anything"));
        Assert.True(alice.IsAdmin);
    }

    [Fact]
    public void MostSpecificRule_Wins_AndReplacesBroaderOnes()
    {
        var policy = Policy("  \"team/**\": { authenticated: [read, write] }\n  \"team/secret\": { users: { bob: [read] } }\n");
        var carol = policy.Configuration!.PrincipalOf("carol");

        Assert.True(policy.Allows(carol, DatasetActions.Write, "team/open"));
        Assert.False(policy.Allows(carol, DatasetActions.Read, "team/secret"));
    }

    [Theory]
    [InlineData("a/*", "a/b", true)]
    [InlineData("a/*", "a/b/c", false)]
    [InlineData("a/**", "a", true)]
    [InlineData("a/**", "a/b/c", true)]
    [InlineData("a/**", "ab", false)]
    [InlineData("*/x", "a/x", true)]
    [InlineData("maxmind", "MaxMind", false)]
    [InlineData("maxmind", "maxmind/", false)]
    [InlineData("a/b", "a//b", false)]
    public void Patterns_MatchWholeSegments(string pattern, string name, bool matches) =>
        Assert.Equal(matches, DatasetPattern.Parse(pattern).Matches(name));

    [Theory]
    [InlineData("  \"a/*\": { authenticated: [read] }\n  \"*/b\": { authenticated: [read] }\n", "equally specific")]
    [InlineData("  \"x*\": { authenticated: [read] }\n", "whole segments")]
    [InlineData("  \"a\": { anonymus: [read] }\n", "unknown key 'datasets.\"a\".anonymus'")]
    [InlineData("  \"a\": { authenticated: [reed] }\n", "unknown action 'reed'")]
    [InlineData("  \"a\": { users: { mallory: [read] } }\n", "unknown user 'mallory'")]
    [InlineData("  \"a\": { groups: { nobody: [read] } }\n", "unknown group 'nobody'")]
    [InlineData("  \"a\": { authenticated: read }\n", "expected a list")]
    public void AmbiguousOrInvalidRules_AreRefused(string datasets, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AuthConfigurationFile.Parse(Users + "datasets:\n" + datasets));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void EquallySpecificPatterns_ThatCannotMeet_AreAccepted() =>
        Assert.NotNull(Policy("  \"a/*\": { authenticated: [read] }\n  \"b/*\": { authenticated: [read] }\n"));

    [Theory]
    [InlineData("users:\n  alice: plaintext\n", "not a password hash")]
    [InlineData("users:\n  alice: \"pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"\n", "not a password hash")]
    [InlineData("admins: [nobody]\n", "unknown user 'nobody'")]
    [InlineData("user:\n  alice: x\n", "unknown key 'user'")]
    [InlineData("oidc:\n  issuer: http://id.example.com/\n  audience: aetherfs\n", "not an https URL")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n", "audience is required")]
    [InlineData("users: {a: 1}\nusers: {b: 2}\n", "Duplicate key users")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  userclaim: email\n", "unknown key 'oidc.userclaim'")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  scopes: openid\n", "oidc.scopes: expected a list")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  scopes: []\n", "oidc.scopes: expected a non-empty list")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  scopes: [\"openid email\"]\n", "without spaces")]
    [InlineData("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  clientId: [a, b]\n", "oidc.clientId: expected a single value")]
    public void InvalidFiles_AreRefused(string text, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AuthConfigurationFile.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OidcSection_IsParsed_AndItsGroupsNeedNoLocalDeclaration()
    {
        var config = AuthConfigurationFile.Parse("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  groupsClaim: roles\ndatasets:\n  \"x\": { groups: { from-claim: [read] } }\n");

        Assert.Equal("roles", config.Oidc!.GroupsClaim);
        Assert.Equal("aetherfs", config.Oidc.Audience);
    }

    [Fact]
    public void OidcSection_Defaults_UserClaimSub_NoClient_AndTheUsualScopes()
    {
        var oidc = AuthConfigurationFile.Parse("oidc:\n  issuer: https://id.example.com\n  audience: aetherfs\n").Oidc!;

        Assert.Equal("sub", oidc.UserClaim);
        Assert.Equal("groups", oidc.GroupsClaim);
        Assert.Null(oidc.ClientId);
        Assert.Equal(["openid", "profile", "email", "offline_access"], oidc.ClientScopes);
        Assert.Equal("https://id.example.com", oidc.Issuer.OriginalString); // compared with iss as written, no slash added
    }

    [Fact]
    public void OidcSection_TakesUserClaim_ClientId_AndScopes()
    {
        var oidc = AuthConfigurationFile.Parse("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\n  userClaim: email\n  clientId: aetherfs-cli\n  scopes: [openid, email]\n").Oidc!;

        Assert.Equal("email", oidc.UserClaim);
        Assert.Equal("aetherfs-cli", oidc.ClientId);
        Assert.Equal(["openid", "email"], oidc.ClientScopes);
    }

    [Fact]
    public void WithOidc_AdminsAndRuleUsers_MayBeNamesOnlyTokensCarry()
    {
        var config = AuthConfigurationFile.Parse("oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\nadmins: [olivia]\ndatasets:\n  \"x\": { users: { rita: [read] } }\n");
        var policy = new AccessPolicy(config);

        Assert.True(config.OidcPrincipalOf("olivia", []).IsAdmin);
        Assert.Equal(PrincipalKind.Oidc, config.OidcPrincipalOf("rita", []).Kind);
        Assert.True(policy.Allows(config.OidcPrincipalOf("rita", []), DatasetActions.Read, "x"));
        Assert.False(policy.Allows(config.OidcPrincipalOf("rita", []), DatasetActions.Write, "x"));
    }

    [Fact]
    public void OidcPrincipal_GetsTheTokensGroups_AndLocalGroupsOfTheSameName()
    {
        var config = AuthConfigurationFile.Parse(Users + "oidc:\n  issuer: https://id.example.com/\n  audience: aetherfs\ndatasets:\n  \"x\": { groups: { data-team: [write], from-claim: [read] } }\n");
        var policy = new AccessPolicy(config);

        Assert.Equal(["from-claim", "data-team"], config.OidcPrincipalOf("carol", ["from-claim"]).Groups);
        Assert.True(policy.Allows(config.OidcPrincipalOf("dave", ["from-claim"]), DatasetActions.Read, "x"));
        Assert.False(policy.Allows(config.OidcPrincipalOf("dave", ["from-claim"]), DatasetActions.Write, "x"));
    }
}
