using System.Globalization;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Infrastructure;

/// <summary>A dataset's stats for people: a line of totals, a table per tag (stale ones marked), other references, and pulls per day.</summary>
internal static class StatsReportWriter
{
    public static void Write(DatasetStatsResponse stats, TextWriter output)
    {
        var atLeast = stats.ClientsAtLeast ? "at least " : string.Empty;
        output.WriteLine($"{stats.Name}: {Count(stats.Pulls)} pulls by {atLeast}{Count(stats.Clients)} clients, {ByteSize.Format(stats.BytesServed)} served, {Time(stats.Since)} to {Time(stats.Until)}");
        var storage = stats.Storage;
        output.WriteLine($"storage: {storage.Versions} versions, {ByteSize.Format(storage.TotalBytes)} in all, {ByteSize.Format(storage.SharedBytes)} shared between versions, {ByteSize.Format(storage.UniqueBytes)} unique to one");
        output.WriteLine();

        var width = Math.Max(3, stats.Tags.Max(t => t.Tag.Length));
        output.WriteLine($"{"TAG".PadRight(width)}  {"PULLS",8}  {"CLIENTS",8}  {"SERVED",10}  {"UNIQUE",10}  {"FREED IF DELETED",16}");
        foreach (var tag in stats.Tags.OrderByDescending(t => t.Pulls).ThenBy(t => t.Tag, StringComparer.Ordinal))
        {
            output.WriteLine(
                $"{tag.Tag.PadRight(width)}  {Count(tag.Pulls),8}  {Count(tag.Clients),8}  {ByteSize.Format(tag.BytesServed),10}  {ByteSize.Format(tag.UniqueBytes),10}  {ByteSize.Format(tag.FreedIfDeleted),16}" +
                (tag.Stale ? "  stale" : string.Empty));
        }

        if (stats.Other.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("pulled by digest or by a deleted tag:");
            foreach (var other in stats.Other)
            {
                output.WriteLine($"  {other.Reference}  {Count(other.Pulls)} pulls by {Count(other.Clients)} clients, {ByteSize.Format(other.BytesServed)} served");
            }
        }

        output.WriteLine();
        output.WriteLine(stats.StaleTags.Count == 0 ? "stale tags: none" : $"stale tags (not pulled in the period): {string.Join(", ", stats.StaleTags)}");
        output.WriteLine();
        output.WriteLine($"{"DAY",-10}  {"PULLS",8}  {"CLIENTS",8}  {"SERVED",10}  BY TAG");
        if (stats.Days.Count == 0)
        {
            output.WriteLine("(no pulls recorded in the period)");
        }

        foreach (var day in stats.Days)
        {
            var byTag = string.Join(", ", day.PullsByTag.Where(t => t.Value > 0).OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {Count(t.Value)}"));
            output.WriteLine($"{day.Date,-10}  {Count(day.Pulls),8}  {Count(day.Clients),8}  {ByteSize.Format(day.BytesServed),10}  {byTag}");
        }
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
