using System.Text.Json.Nodes;
using GitOpsAgent.Chart.Tests.Schema;

namespace GitOpsAgent.Chart.Tests;

public class ValuesSchemaTests
{
    private static JsonObject Schema() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.InChart("values.schema.json")))!.AsObject();

    private static JsonObject DefaultValues() => YamlFiles.ReadSingleObject(RepositoryPaths.InChart("values.yaml"));

    [Fact]
    public void Validate_DefaultValues_HasNoErrors()
    {
        var errors = JsonSchemaSubsetValidator.Validate(Schema(), DefaultValues());

        Assert.Empty(errors);
    }

    [Fact]
    public void Schema_Draft_IsDraft07()
    {
        Assert.Equal("http://json-schema.org/draft-07/schema#", Schema()["$schema"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("controller", "workerz", "$.controller.workerz")]
    [InlineData("", "replicaCont", "$.replicaCont")]
    [InlineData("resources.requests", "cpus", "$.resources.requests.cpus")]
    [InlineData("webhook.keys", "githab", "$.webhook.keys.githab")]
    public void Validate_MisspeltKey_IsRejectedAtItsPath(string parent, string key, string expectedPath)
    {
        var values = DefaultValues();
        var target = parent.Length == 0 ? values : parent.Split('.').Aggregate(values, (node, part) => node[part]!.AsObject());
        target[key] = 3;

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        var error = Assert.Single(errors);
        Assert.StartsWith(expectedPath + ": property is not allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WorkersAsText_IsRejectedAsWrongType()
    {
        var values = DefaultValues();
        values["controller"]!["workers"] = "eight";

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        Assert.Contains(errors, e => e.StartsWith("$.controller.workers: expected \"integer\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReplicaCountAsList_IsRejectedAsWrongType()
    {
        var values = DefaultValues();
        values["replicaCount"] = new JsonArray(2);

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        Assert.Contains(errors, e => e.StartsWith("$.replicaCount: expected", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rbac", "scope", "cluster-wide")]
    [InlineData("controller", "logFormat", "xml")]
    [InlineData("controller", "interval", "3 minutes")]
    public void Validate_ValueOutsideItsEnumOrPattern_IsRejected(string parent, string key, string value)
    {
        var values = DefaultValues();
        values[parent]![key] = value;

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        Assert.Contains(errors, e => e.StartsWith($"$.{parent}.{key}: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroShards_IsRejectedBelowMinimum()
    {
        var values = DefaultValues();
        values["controller"]!["sharding"]!["shards"] = 0;

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        Assert.Contains(errors, e => e.StartsWith("$.controller.sharding.shards: number 0 is below the minimum", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AnnotationWithNumberValue_IsRejected()
    {
        var values = DefaultValues();
        values["podAnnotations"] = new JsonObject { ["example.com/weight"] = 5 };

        var errors = JsonSchemaSubsetValidator.Validate(Schema(), values);

        Assert.Contains(errors, e => e.StartsWith("$.podAnnotations.example.com/weight: expected \"string\"", StringComparison.Ordinal));
    }

    /// <summary>
    /// Typos are only caught where additionalProperties is false. Objects the schema leaves open must be maps with
    /// typed values or Kubernetes objects passed through verbatim (their description says so).
    /// </summary>
    [Fact]
    public void Schema_EveryObjectLevel_ForbidsUnknownKeysOrIsADeclaredMapOrPassThrough()
    {
        var open = new List<string>();
        Walk(Schema(), "$", open);

        Assert.Empty(open);

        static void Walk(JsonObject schema, string path, List<string> open)
        {
            var isObject = schema["type"] is JsonValue t && t.GetValue<string>() == "object";
            if (isObject)
            {
                var closed = schema["additionalProperties"] is JsonValue flag && !flag.GetValue<bool>();
                var typedMap = schema["additionalProperties"] is JsonObject && schema["properties"] is null;
                var description = schema["description"]?.GetValue<string>() ?? "";
                var passThrough = schema["properties"] is null && (description.Contains("Passed through to Kubernetes", StringComparison.Ordinal) || path == "$.global");
                if (!closed && !typedMap && !passThrough)
                {
                    open.Add(path);
                }
            }

            foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
            {
                Walk(child!.AsObject(), $"{path}.{name}", open);
            }

            if (schema["items"] is JsonObject items)
            {
                Walk(items, path + "[]", open);
            }
        }
    }
}
