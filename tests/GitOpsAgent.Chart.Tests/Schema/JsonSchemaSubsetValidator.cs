using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Chart.Tests.Schema;

/// <summary>
/// The part of JSON Schema draft-07 the chart's values.schema.json uses: type (one or a list), properties,
/// additionalProperties (false or a schema), required, enum, items (one schema), minimum, maximum, minLength and
/// pattern. Any other keyword makes validation fail loudly, so the schema cannot silently outgrow this checker.
/// </summary>
public static class JsonSchemaSubsetValidator
{
    private static readonly HashSet<string> SupportedKeywords =
    [
        "$schema", "title", "description", "type", "properties", "additionalProperties", "required", "enum", "items",
        "minimum", "maximum", "minLength", "pattern",
    ];

    /// <summary>Every violation of <paramref name="schema"/> by <paramref name="instance"/>, as "path: problem".</summary>
    public static IReadOnlyList<string> Validate(JsonObject schema, JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonObject schema, JsonNode? instance, string path, List<string> errors)
    {
        foreach (var (keyword, _) in schema)
        {
            if (!SupportedKeywords.Contains(keyword))
            {
                throw new NotSupportedException($"schema at {path} uses \"{keyword}\", which this validator does not implement");
            }
        }

        if (schema["type"] is { } type && !MatchesType(type, instance))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}, found {Describe(instance)}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, instance)))
        {
            errors.Add($"{path}: {Describe(instance)} is not one of {allowed.ToJsonString()}");
        }

        switch (instance)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(items, array[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue value:
                CheckScalar(schema, value, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject schema, JsonObject obj, string path, List<string> errors)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
            {
                errors.Add($"{path}: required property \"{name}\" is missing");
            }
        }

        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(propertySchema, child, childPath, errors);
                continue;
            }

            switch (schema["additionalProperties"])
            {
                case JsonValue flag when flag.GetValueKind() == JsonValueKind.False:
                    errors.Add($"{childPath}: property is not allowed (known: {string.Join(", ", properties?.Select(p => p.Key) ?? [])})");
                    break;
                case JsonObject additional:
                    Check(additional, child, childPath, errors);
                    break;
            }
        }
    }

    private static void CheckScalar(JsonObject schema, JsonValue value, string path, List<string> errors)
    {
        var kind = value.GetValueKind();
        if (kind == JsonValueKind.Number && JsonValues.TryGetDouble(value) is { } number)
        {
            if (schema["minimum"] is JsonValue min && number < JsonValues.TryGetDouble(min))
            {
                errors.Add($"{path}: {Describe(value)} is below the minimum {min.ToJsonString()}");
            }

            if (schema["maximum"] is JsonValue max && number > JsonValues.TryGetDouble(max))
            {
                errors.Add($"{path}: {Describe(value)} is above the maximum {max.ToJsonString()}");
            }
        }

        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (schema["minLength"] is JsonValue minLength && text.Length < JsonValues.TryGetInt64(minLength))
            {
                errors.Add($"{path}: \"{text}\" is shorter than {minLength.ToJsonString()} characters");
            }

            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{path}: \"{text}\" does not match {pattern.ToJsonString()}");
            }
        }
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance) => type switch
    {
        JsonArray types => types.Any(t => MatchesType(t!, instance)),
        JsonValue single => single.GetValue<string>() switch
        {
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonValues.TryGetInt64(v) is not null,
            "null" => instance is null,
            var other => throw new NotSupportedException($"unknown type \"{other}\""),
        },
        _ => throw new NotSupportedException($"type must be a string or a list, not {type.ToJsonString()}"),
    };

    private static string Describe(JsonNode? node) => node is null ? "null" : $"{JsonValues.KindOf(node).ToString().ToLowerInvariant()} {node.ToJsonString()}";
}
