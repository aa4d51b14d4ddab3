namespace AetherFS.Hub.Ui;

/// <summary>The frame every page shares: title, navigation, who is signed in, and the hub's own stylesheet and script.</summary>
internal static class UiLayout
{
    public static string Page(UiAccount account, string title, IReadOnlyList<(string Text, string? Href)> breadcrumbs, HtmlWriter body)
    {
        var html = new HtmlWriter()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Element("title", title + " · AetherFS")
            .Open("link", ("rel", "stylesheet"), ("href", UiPaths.Assets + "site.css"))
            .Open("script", ("src", UiPaths.Assets + "ui.js"), ("defer", "defer")).Raw("</script>")
            .Raw("</head><body><header><nav>")
            .Link(UiPaths.Root, "AetherFS").Raw(" ")
            .Link(UiPaths.Root, "Datasets").Raw(" ")
            .Link(UiPaths.SwaggerUi, "API (Swagger)").Raw(" ")
            .Link(UiPaths.OpenApiDocument, "OpenAPI")
            .Raw("</nav>");
        account.WriteTo(html);
        html.Raw("<ol class=\"crumbs\">");
        foreach (var (text, href) in breadcrumbs)
        {
            html.Raw("<li>");
            if (href is null)
            {
                html.Text(text);
            }
            else
            {
                html.Link(href, text);
            }

            html.Raw("</li>");
        }

        return html.Raw("</ol></header><main>").Raw(body.ToString()).Raw("</main></body></html>").ToString();
    }
}
