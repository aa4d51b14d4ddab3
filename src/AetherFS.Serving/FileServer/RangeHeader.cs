namespace AetherFS.Serving.FileServer;

/// <summary>Parses a Range header value (RFC 9110 §14.1.2) in the bytes unit.</summary>
internal static class RangeHeader
{
    private const string BytesUnit = "bytes=";

    /// <summary>
    /// The ranges, in the order given; null when the header is not a valid bytes range set, which RFC 9110 says
    /// to ignore (the answer is then the whole file).
    /// </summary>
    public static IReadOnlyList<RangeSpec>? Parse(string? value)
    {
        if (value is null || !value.StartsWith(BytesUnit, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var specs = new List<RangeSpec>();
        foreach (var element in value.AsSpan(BytesUnit.Length).Split(','))
        {
            // List syntax allows whitespace around elements, and empty elements that are to be skipped.
            var spec = value.AsSpan(BytesUnit.Length)[element].Trim(" \t");
            if (spec.IsEmpty)
            {
                continue;
            }

            var dash = spec.IndexOf('-');
            if (dash < 0)
            {
                return null;
            }

            long? first = null, last = null;
            if (dash > 0)
            {
                if (ParseDigits(spec[..dash]) is not { } parsed)
                {
                    return null;
                }

                first = parsed;
            }

            if (dash < spec.Length - 1)
            {
                if (ParseDigits(spec[(dash + 1)..]) is not { } parsed)
                {
                    return null;
                }

                last = parsed;
            }

            if ((first is null && last is null) || first > last)
            {
                return null;
            }

            specs.Add(new RangeSpec(first, last));
        }

        return specs.Count == 0 ? null : specs;
    }

    // 1*DIGIT; a number beyond long saturates, which is beyond any file either way.
    private static long? ParseDigits(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return null;
        }

        long value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
        }

        return value;
    }
}
