namespace AetherFS.Hub.Grpc;

/// <summary>
/// How much of a listing page fits one gRPC message: a page that would outgrow the message limit ends early, and the
/// next one starts after its last entry.
/// </summary>
internal static class MessageBudget
{
    /// <summary>How many of <paramref name="items"/>, from the first, fit in <paramref name="budget"/> bytes.</summary>
    /// <param name="size">The bytes one item adds to the message (field tag, length and contents).</param>
    public static int Fitting<T>(IReadOnlyList<T> items, Func<T, int> size, int budget)
    {
        var used = 0;
        for (var i = 0; i < items.Count; i++)
        {
            used += size(items[i]);
            if (used > budget)
            {
                return i;
            }
        }

        return items.Count;
    }
}
