using DiffPlex;
using DiffPlex.Chunkers;

namespace AetherFS.Hub.Ui;

/// <summary>A unified line diff of two texts: DiffPlex finds the changed lines, this groups them into hunks with context.</summary>
internal static class LineDiff
{
    /// <summary>Unchanged lines shown around each change, as <c>diff -u</c> does.</summary>
    public const int Context = 3;

    public static IReadOnlyList<DiffHunk> Compute(string before, string after, int context = Context)
    {
        var result = Differ.Instance.CreateDiffs(WithoutFinalNewline(before), WithoutFinalNewline(after), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var (old, now) = (result.PiecesOld, result.PiecesNew);

        // The whole edit script in order: each line with the old and new positions before it.
        var script = new List<(DiffLineKind Kind, int Old, int New)>(Math.Max(old.Count, now.Count));
        var (i, j) = (0, 0);
        foreach (var block in result.DiffBlocks)
        {
            while (i < block.DeleteStartA)
            {
                script.Add((DiffLineKind.Context, i++, j++));
            }

            for (var k = 0; k < block.DeleteCountA; k++)
            {
                script.Add((DiffLineKind.Deleted, i++, j));
            }

            for (var k = 0; k < block.InsertCountB; k++)
            {
                script.Add((DiffLineKind.Inserted, i, j++));
            }
        }

        while (i < old.Count)
        {
            script.Add((DiffLineKind.Context, i++, j++));
        }

        var hunks = new List<DiffHunk>();
        var index = 0;
        while (index < script.Count)
        {
            var change = script.FindIndex(index, s => s.Kind != DiffLineKind.Context);
            if (change < 0)
            {
                break;
            }

            // Grow the hunk while the next change starts within two contexts of the last one, so hunks never overlap.
            var start = Math.Max(index, change - context);
            var end = change;
            while (true)
            {
                var last = end;
                while (last + 1 < script.Count && script[last + 1].Kind != DiffLineKind.Context)
                {
                    last++;
                }

                var next = script.FindIndex(last + 1, s => s.Kind != DiffLineKind.Context);
                end = last;
                if (next < 0 || next - last > 2 * context)
                {
                    break;
                }

                end = next;
            }

            end = Math.Min(script.Count - 1, end + context);
            hunks.Add(Hunk(script, start, end, old, now));
            index = end + 1;
        }

        return hunks;
    }

    // The newline ends the last line; the chunker would count an empty line after it.
    private static string WithoutFinalNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;

    private static DiffHunk Hunk(List<(DiffLineKind Kind, int Old, int New)> script, int start, int end, IReadOnlyList<string> old, IReadOnlyList<string> now)
    {
        var lines = new List<DiffLine>(end - start + 1);
        for (var k = start; k <= end; k++)
        {
            var (kind, o, n) = script[k];
            lines.Add(kind switch
            {
                DiffLineKind.Deleted => new DiffLine(kind, o + 1, null, old[o]),
                DiffLineKind.Inserted => new DiffLine(kind, null, n + 1, now[n]),
                _ => new DiffLine(kind, o + 1, n + 1, old[o]),
            });
        }

        var oldCount = lines.Count(l => l.Kind != DiffLineKind.Inserted);
        var newCount = lines.Count(l => l.Kind != DiffLineKind.Deleted);

        // As diff -u: an empty side starts at the line before the hunk.
        return new DiffHunk(script[start].Old + (oldCount > 0 ? 1 : 0), oldCount, script[start].New + (newCount > 0 ? 1 : 0), newCount, lines);
    }
}
