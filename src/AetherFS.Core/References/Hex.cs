namespace AetherFS.Core.References;

/// <summary>Checks for lowercase hex SHA-256 strings, the spelling used for every signature and digest.</summary>
public static class Hex
{
    public const int Sha256Length = 64;

    public static bool IsSha256(ReadOnlySpan<char> value)
    {
        if (value.Length != Sha256Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
