using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>
/// How to judge one kind instead of the built-in rules. With <see cref="Condition"/>, the named status condition
/// decides: True is Healthy, False is Degraded, Unknown or absent is Progressing. With <see cref="Ignore"/>, the
/// kind has no health: <see cref="HealthAssessor.Assess"/> returns null and the Application's health leaves it out.
/// Group "" is the core group; "*" in Group or Kind matches any.
/// </summary>
public sealed record HealthOverride(string Group, string Kind, string? Condition = null, bool Ignore = false);

/// <summary>The configured overrides, most specific match first (exact group and kind beat a wildcard).</summary>
public sealed class HealthOverrides
{
    private readonly IReadOnlyList<HealthOverride> _entries;

    public HealthOverrides(IEnumerable<HealthOverride> entries) => _entries = [.. entries];

    public static HealthOverrides Empty { get; } = new([]);

    public IReadOnlyList<HealthOverride> Entries => _entries;

    /// <summary>
    /// Reads a ConfigMap data value: a YAML list of {group, kind, condition?, ignore?}.
    /// Throws <see cref="FormatException"/> naming the entry at fault.
    /// </summary>
    public static HealthOverrides Parse(string yaml)
    {
        const string Source = "health overrides";
        var documents = YamlDocumentReader.Read(yaml, Source);
        if (documents.Count == 0 || documents[0].Root is null)
        {
            return Empty;
        }

        if (documents.Count > 1 || documents[0].Root is not JsonArray list)
        {
            throw new FormatException($"{Source}: expected one YAML list of {{group, kind, condition?, ignore?}}");
        }

        var entries = new List<HealthOverride>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            entries.Add(ParseEntry(list[i], $"{Source}: entry {i + 1}"));
        }

        return new HealthOverrides(entries);
    }

    private static HealthOverride ParseEntry(JsonNode? node, string where)
    {
        if (node is not JsonObject entry)
        {
            throw new FormatException($"{where}: expected a mapping with group and kind");
        }

        foreach (var property in entry)
        {
            if (property.Key is not ("group" or "kind" or "condition" or "ignore"))
            {
                throw new FormatException($"{where}: unknown field '{property.Key}' (expected group, kind, condition, ignore)");
            }
        }

        var kind = ReadString(entry, "kind", where);
        if (string.IsNullOrEmpty(kind))
        {
            throw new FormatException($"{where}: 'kind' is required");
        }

        where = $"{where} ({kind})";
        var group = ReadString(entry, "group", where) ?? "";
        var condition = ReadString(entry, "condition", where);
        bool? ignore = entry["ignore"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new FormatException($"{where}: 'ignore' must be true or false"),
        };
        if (condition is { Length: 0 })
        {
            throw new FormatException($"{where}: 'condition' must name a condition type");
        }

        if (condition is not null && ignore == true)
        {
            throw new FormatException($"{where}: 'condition' and 'ignore: true' exclude each other");
        }

        if (condition is null && ignore != true)
        {
            throw new FormatException($"{where}: set 'condition' or 'ignore: true'");
        }

        return new HealthOverride(group, kind, condition, ignore == true);
    }

    private static string? ReadString(JsonObject entry, string field, string where) => entry[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new FormatException($"{where}: '{field}' must be a string"),
    };

    /// <summary>The override for a group and kind: exact match first, then group wildcard, then kind wildcard.</summary>
    public HealthOverride? Find(string group, string kind)
    {
        HealthOverride? best = null;
        var bestScore = -1;
        foreach (var entry in _entries)
        {
            var groupExact = entry.Group == group;
            var kindExact = entry.Kind == kind;
            if ((!groupExact && entry.Group != "*") || (!kindExact && entry.Kind != "*"))
            {
                continue;
            }

            var score = (kindExact ? 2 : 0) + (groupExact ? 1 : 0);
            if (score > bestScore)
            {
                best = entry;
                bestScore = score;
            }
        }

        return best;
    }
}
