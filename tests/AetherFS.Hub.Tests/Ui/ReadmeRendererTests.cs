using AetherFS.Hub.Ui;

namespace AetherFS.Hub.Tests.Ui;

public sealed class ReadmeRendererTests
{
    private static string Render(string markdown, string directory = "") => ReadmeRenderer.Render(markdown, directory, path => "/fs/ds@d/" + path);

    [Fact]
    public void Markdown_BecomesHtml()
    {
        var html = Render("# Title\n\nSome **bold** text.");

        Assert.Contains("<h1 id=\"title\">Title</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img")]
    [InlineData("text <b onclick=\"x()\">inline</b>", "&lt;b onclick")]
    public void RawHtml_IsShownAsText(string markdown, string escaped)
    {
        var html = Render(markdown);

        Assert.Contains(escaped, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JavaScript:alert(1))")]
    [InlineData("[x](data:text/html,<script>alert(1)</script>)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("[x](//evil.example/path)")]
    [InlineData("<javascript:alert(1)>")]
    public void DangerousLinks_AreDropped(string markdown)
    {
        var html = Render(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](https://example.com/a)", "https://example.com/a")]
    [InlineData("[x](mailto:team@example.com)", "mailto:team@example.com")]
    [InlineData("[x](#usage)", "#usage")]
    public void SafeLinks_AreKept(string markdown, string href)
    {
        Assert.Contains($"href=\"{href}\"", Render(markdown), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[n](notes.txt)", "docs", "/fs/ds@d/docs/notes.txt")]
    [InlineData("[n](../data/a.csv)", "docs", "/fs/ds@d/data/a.csv")]
    [InlineData("![logo](img/logo.png)", "", "/fs/ds@d/img/logo.png")]
    [InlineData("[n](/top.txt)", "docs", "/fs/ds@d/top.txt")]
    public void RelativeLinks_PointAtTheSameVersionsFiles(string markdown, string directory, string expected)
    {
        Assert.Contains($"=\"{expected}\"", Render(markdown, directory), StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeLink_WithEscapes_IsEscapedOnceInTheFileUrl()
    {
        var html = ReadmeRenderer.Render("[n](my%20notes.txt)", "docs", path => UiPaths.File("ds", "sha256:d", path));

        Assert.Contains("href=\"/fs/ds@sha256:d/docs/my%20notes.txt\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeLink_AboveTheRoot_IsDropped()
    {
        var html = Render("[n](../../etc/passwd)", "docs");

        Assert.Contains("href=\"#\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("passwd", html.Replace(">n<", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
