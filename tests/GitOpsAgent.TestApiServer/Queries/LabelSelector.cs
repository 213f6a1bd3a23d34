using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Queries;

/// <summary>A parsed labelSelector: =, ==, !=, in, notin, exists (key) and !exists (!key), all of which must hold.</summary>
public sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        foreach (var part in SplitTopLevel(text ?? ""))
        {
            selector._requirements.Add(ParseRequirement(part.Trim()));
        }

        return selector;
    }

    public bool Matches(JsonObject obj) => _requirements.All(r => r(obj.GetObjectAt("metadata", "labels")));

    private static Func<JsonObject?, bool> ParseRequirement(string text)
    {
        if (text.StartsWith('!'))
        {
            var key = text[1..].Trim();
            return labels => labels?[key] is null;
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = text[..at].Trim();
                var values = text[(at + op.Length)..].Trim().Trim('(', ')').Split(',').Select(v => v.Trim()).ToHashSet();
                return labels => Value(labels, key) is { } v ? values.Contains(v) != negate : negate;
            }
        }

        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = text[..at].Trim();
                var value = text[(at + op.Length)..].Trim();
                return labels => (Value(labels, key) == value) != negate;
            }
        }

        if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"unable to parse requirement: \"{text}\"");
        }

        return labels => labels?[text] is not null;
    }

    private static string? Value(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();

    internal static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        if (text[start..].Trim().Length > 0)
        {
            yield return text[start..];
        }
    }
}
