using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AetherFS.Hub.Ui;

/// <summary>
/// Builds a page's HTML. Everything that comes from a dataset (names, paths, tags, publishers) goes through
/// <see cref="Text"/>, which escapes it; <see cref="Raw"/> is only for markup this code writes itself.
/// </summary>
internal sealed class HtmlWriter
{
    // Escapes markup characters but leaves letters of every script readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _html = new();

    public HtmlWriter Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _html.Append(Encoder.Encode(text ?? string.Empty));
        return this;
    }

    /// <summary>An element whose content is escaped text, with attributes (values escaped too).</summary>
    public HtmlWriter Element(string tag, string? text, params (string Name, string? Value)[] attributes)
    {
        Open(tag, attributes);
        Text(text);
        return Raw($"</{tag}>");
    }

    public HtmlWriter Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _html.Append(' ').Append(name).Append("=\"").Append(Encoder.Encode(value)).Append('"');
            }
        }

        _html.Append('>');
        return this;
    }

    public HtmlWriter Link(string href, string? text, string? title = null) => Element("a", text, ("href", href), ("title", title));

    public override string ToString() => _html.ToString();
}
