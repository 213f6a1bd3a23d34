namespace GitOpsAgent.Core.Diff;

/// <summary>RFC 6901 JSON pointers: "/metadata/annotations/foo~1bar" is ["metadata", "annotations", "foo/bar"].</summary>
internal static class JsonPointer
{
    public static IReadOnlyList<string>? Parse(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') return null;
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }
}
