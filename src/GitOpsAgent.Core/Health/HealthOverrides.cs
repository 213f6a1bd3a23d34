using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health.Expressions;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>
/// How to judge one kind instead of the built-in rules. With <see cref="Condition"/>, the named status condition
/// decides: True is Healthy, False is Degraded, Unknown or absent is Progressing. With <see cref="Expressions"/>, CEL
/// expressions decide (<see cref="HealthExpressions"/>). With <see cref="Ignore"/>, the kind has no health:
/// <see cref="HealthAssessor.Assess"/> returns null and the Application's health leaves it out.
/// Group "" is the core group; "*" in Group or Kind matches any.
/// </summary>
public sealed record HealthOverride(string Group, string Kind, string? Condition = null, bool Ignore = false, HealthExpressions? Expressions = null)
{
    /// <summary>"Widget.example.com", or "ConfigMap" for the core group, as messages name the kind.</summary>
    public string Label => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}

/// <summary>The configured overrides, most specific match first (exact group and kind beat a wildcard).</summary>
public sealed class HealthOverrides
{
    private readonly IReadOnlyList<HealthOverride> _entries;

    public HealthOverrides(IEnumerable<HealthOverride> entries) => _entries = [.. entries];

    public static HealthOverrides Empty { get; } = new([]);

    public IReadOnlyList<HealthOverride> Entries => _entries;

    private static readonly string[] Fields = ["group", "kind", "condition", "ignore", "healthy", "progressing", "degraded"];

    /// <summary>
    /// Reads a ConfigMap data value: a YAML list of {group, kind} with one of condition, ignore: true, or CEL
    /// expressions healthy/progressing/degraded. Throws <see cref="FormatException"/> naming the entry, the kind and
    /// the field at fault (for an invalid expression, also where in it).
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
            throw new FormatException($"{Source}: expected one YAML list of {{group, kind, condition | ignore | healthy/progressing/degraded}}");
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
            if (!Fields.Contains(property.Key))
            {
                throw new FormatException($"{where}: unknown field '{property.Key}' (expected {string.Join(", ", Fields)})");
            }
        }

        var kind = ReadString(entry, "kind", where);
        if (string.IsNullOrEmpty(kind))
        {
            throw new FormatException($"{where}: 'kind' is required");
        }

        var group = ReadString(entry, "group", $"{where} ({kind})") ?? "";
        where = $"{where} ({(group.Length == 0 ? kind : $"{kind}.{group}")})";
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

        var healthy = ReadString(entry, "healthy", where);
        var progressing = ReadString(entry, "progressing", where);
        var degraded = ReadString(entry, "degraded", where);
        var hasExpressions = healthy is not null || progressing is not null || degraded is not null;
        var ways = (condition is not null ? 1 : 0) + (ignore == true ? 1 : 0) + (hasExpressions ? 1 : 0);
        if (ways > 1)
        {
            throw new FormatException($"{where}: 'condition', 'ignore: true' and the expressions (healthy, progressing, degraded) exclude each other");
        }

        if (ways == 0)
        {
            throw new FormatException($"{where}: set 'condition', 'ignore: true', or expressions (healthy, progressing, degraded)");
        }

        HealthExpressions? expressions = null;
        if (hasExpressions)
        {
            try
            {
                expressions = HealthExpressions.Compile(healthy, progressing, degraded);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{where}: {ex.Message}", ex);
            }
        }

        return new HealthOverride(group, kind, condition, ignore == true, expressions);
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
