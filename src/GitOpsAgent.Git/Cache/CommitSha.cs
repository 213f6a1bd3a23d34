namespace GitOpsAgent.Git;

/// <summary>Recognises commit ids: full (40 hex, SHA-1) and abbreviated (7 to 39 hex).</summary>
internal static class CommitSha
{
    public static bool IsFull(string value) => value.Length == 40 && IsHex(value);

    public static bool IsAbbreviated(string value) => value.Length is >= 7 and < 40 && IsHex(value);

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
