using AetherFS.Hub.Ui;

namespace AetherFS.Hub.Tests.Ui;

public sealed class LineDiffTests
{
    private static string Lines(int count, Func<int, string>? line = null) => string.Concat(Enumerable.Range(1, count).Select(i => (line ?? (n => $"line {n}"))(i) + "\n"));

    [Fact]
    public void OneChangedLine_GivesOneHunkWithThreeLinesOfContextEachSide()
    {
        var before = Lines(20);
        var after = Lines(20, n => n == 10 ? "line ten" : $"line {n}");

        var hunk = Assert.Single(LineDiff.Compute(before, after));

        Assert.Equal("@@ -7,7 +7,7 @@", hunk.Header);
        Assert.Equal(
            [" line 7", " line 8", " line 9", "-line 10", "+line ten", " line 11", " line 12", " line 13"],
            hunk.Lines.Select(l => (l.Kind switch { DiffLineKind.Deleted => "-", DiffLineKind.Inserted => "+", _ => " " }) + l.Text));
        Assert.Equal((10, null), (hunk.Lines[3].OldNumber, hunk.Lines[3].NewNumber));
        Assert.Equal((null, 10), (hunk.Lines[4].OldNumber, hunk.Lines[4].NewNumber));
    }

    [Fact]
    public void ChangesFarApart_AreSeparateHunks_AndNearOnesMerge()
    {
        var before = Lines(40);
        var apart = LineDiff.Compute(before, Lines(40, n => n is 5 or 30 ? "x" : $"line {n}"));
        var near = LineDiff.Compute(before, Lines(40, n => n is 5 or 11 ? "x" : $"line {n}"));

        Assert.Equal(["@@ -2,7 +2,7 @@", "@@ -27,7 +27,7 @@"], apart.Select(h => h.Header));
        Assert.Equal("@@ -2,13 +2,13 @@", Assert.Single(near).Header);
    }

    [Fact]
    public void InsertedAndDeletedLines_CountOnTheirOwnSide()
    {
        var hunk = Assert.Single(LineDiff.Compute("a\nb\nc\n", "a\nb\nnew\nc\nd\n"));

        Assert.Equal("@@ -1,3 +1,5 @@", hunk.Header);
        Assert.Equal(2, hunk.Lines.Count(l => l.Kind == DiffLineKind.Inserted));
        Assert.Empty(LineDiff.Compute("same\n", "same\n"));
    }

    [Fact]
    public void TextAddedToAnEmptyFile_StartsTheOldSideAtZero()
    {
        var hunk = Assert.Single(LineDiff.Compute(string.Empty, "one\ntwo\n"));

        Assert.Equal("@@ -0,0 +1,2 @@", hunk.Header);
    }
}
