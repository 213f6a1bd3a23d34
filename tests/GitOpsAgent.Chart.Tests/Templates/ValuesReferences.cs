using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsAgent.Chart.Tests.Templates;

/// <summary>The .Values paths chart templates use, and the paths values.yaml defines.</summary>
public static partial class ValuesReferences
{
    /// <summary>
    /// Every dotted path after ".Values" in <paramref name="template"/>, e.g. "image.tag", however the root is reached:
    /// ".Values", "$.Values" inside range/with, or ".root.Values" in helpers that take a dict.
    /// </summary>
    public static IReadOnlySet<string> InTemplate(string template) =>
        ValuesPath().Matches(template).Select(m => m.Groups["path"].Value[1..]).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when <paramref name="path"/> (dotted) leads to a key that exists in <paramref name="values"/>.</summary>
    public static bool Exists(JsonObject values, string path)
    {
        JsonNode? current = values;
        foreach (var segment in path.Split('.'))
        {
            if (current is not JsonObject obj || !obj.ContainsKey(segment))
            {
                return false;
            }

            current = obj[segment];
        }

        return true;
    }

    /// <summary>Dotted paths of every leaf of <paramref name="values"/>; an empty map or list counts as a leaf.</summary>
    public static IEnumerable<string> Leaves(JsonObject values, string prefix = "")
    {
        foreach (var (key, child) in values)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (child is JsonObject { Count: > 0 } nested)
            {
                foreach (var leaf in Leaves(nested, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPath();
}
