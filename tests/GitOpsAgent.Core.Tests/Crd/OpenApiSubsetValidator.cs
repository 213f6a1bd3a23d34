using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>
/// Validates a value against the OpenAPI v3 subset our CRD uses (type, properties, required, enum, pattern, minLength,
/// minimum, items, format date-time), rejecting unknown fields as the API server does with fieldValidation=Strict.
/// x-kubernetes-preserve-unknown-fields and x-kubernetes-int-or-string relax as they do on the server; ObjectMeta
/// (an object schema without properties at .metadata) is left to the server's own validation.
/// </summary>
internal static class OpenApiSubsetValidator
{
    public static IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema)
    {
        var errors = new List<string>();
        Check(value, schema, "", errors);
        return errors;
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        var at = path.Length == 0 ? "<root>" : path;
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add($"{at}: null is not allowed");
            }

            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (JsonValues.KindOf(value) is not (JsonValueKind.String or JsonValueKind.Number) || (value is JsonValue n && JsonValues.KindOf(n) == JsonValueKind.Number && JsonValues.TryGetInt64(n) is null))
            {
                errors.Add($"{at}: must be an integer or a string");
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>();
        if (type is not null && !HasType(value, type))
        {
            errors.Add($"{at}: must be of type {type}, not {JsonValues.KindOf(value)}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], items, $"{path}[{i}]", errors);
                }

                break;
            case JsonValue scalar:
                CheckScalar(scalar, schema, at, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{path}.{name}: required");
            }
        }

        var properties = schema["properties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var isObjectMeta = path == ".metadata" && properties is null;
        foreach (var (name, child) in obj)
        {
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(child, propertySchema, $"{path}.{name}", errors);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(child, additional, $"{path}.{name}", errors);
            }
            else if (!preserve && !isObjectMeta)
            {
                errors.Add($"{path}.{name}: unknown field");
            }
        }
    }

    private static void CheckScalar(JsonValue scalar, JsonObject schema, string at, List<string> errors)
    {
        if (scalar.GetValueKind() == JsonValueKind.String)
        {
            var text = scalar.GetValue<string>();
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{at}: \"{text}\" does not match {pattern}");
            }

            if (schema["minLength"] is JsonValue minLength && text.Length < JsonValues.TryGetInt64(minLength))
            {
                errors.Add($"{at}: shorter than {minLength}");
            }

            if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"{at}: \"{text}\" is not a date-time");
            }
        }
        else if (scalar.GetValueKind() == JsonValueKind.Number && schema["minimum"] is JsonValue minimum
            && JsonValues.TryGetDouble(scalar) < JsonValues.TryGetDouble(minimum))
        {
            errors.Add($"{at}: {scalar.ToJsonString()} is below the minimum {minimum.ToJsonString()}");
        }
    }

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => JsonValues.KindOf(value) == JsonValueKind.String,
        "boolean" => JsonValues.KindOf(value) is JsonValueKind.True or JsonValueKind.False,
        "number" => JsonValues.KindOf(value) == JsonValueKind.Number,
        "integer" => value is JsonValue v && JsonValues.KindOf(v) == JsonValueKind.Number && JsonValues.TryGetInt64(v) is not null,
        _ => false,
    };
}
