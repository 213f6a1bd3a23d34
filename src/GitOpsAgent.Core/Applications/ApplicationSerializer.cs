using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GitOpsAgent.Core.Applications;

/// <summary>Reads and writes Applications as the API server stores them (camelCase, nulls omitted).</summary>
public static class ApplicationSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
    };

    public static Application FromJson(JsonNode node) =>
        node.Deserialize<Application>(Options) ?? throw new JsonException("an Application must be an object");

    public static JsonObject ToJson(Application app) => (JsonObject)JsonSerializer.SerializeToNode(app, Options)!;

    /// <summary>A deep copy, for pure functions that return a changed spec.</summary>
    public static ApplicationSpec Clone(ApplicationSpec spec) =>
        JsonSerializer.SerializeToNode(spec, Options).Deserialize<ApplicationSpec>(Options)!;

    public static JsonObject StatusToJson(ApplicationStatus status) => (JsonObject)JsonSerializer.SerializeToNode(status, Options)!;
}
