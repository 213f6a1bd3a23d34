using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Expressions;

/// <summary>A Kubernetes object as CEL variables: each top-level field (metadata, spec, status ...) is a variable, as in Flux.</summary>
internal static class CelValues
{
    private static readonly string[] AlwaysDeclared = ["metadata", "spec", "status"];

    /// <summary>
    /// The object's top-level fields. metadata, spec and status are always declared (empty when absent), so
    /// has(status.conditions) is false on an object without a status instead of an error.
    /// </summary>
    public static Dictionary<string, object?> Variables(JsonObject obj)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            variables[key] = From(value);
        }

        foreach (var name in AlwaysDeclared)
        {
            if (variables.GetValueOrDefault(name) is null)
            {
                variables[name] = new Dictionary<string, object?>(StringComparer.Ordinal);
            }
        }

        return variables;
    }

    private static object? From(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => From(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(From).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonValues.TryGetInt64(v) is { } l ? l : JsonValues.TryGetDouble(v),
            _ => null,
        },
        _ => null,
    };
}
