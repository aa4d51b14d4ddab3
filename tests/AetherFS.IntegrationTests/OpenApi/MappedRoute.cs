using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>One endpoint the hub maps: its route template and methods.</summary>
public sealed record MappedRoute(string Template, IReadOnlyList<string> Methods, TemplateMatcher Matcher)
{
    public bool Matches(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return Matcher.TryMatch(new PathString(query < 0 ? path : path[..query]), new RouteValueDictionary());
    }

    public override string ToString() => $"{string.Join('|', Methods)} {Template}";
}
