using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Notifications;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>The Notification CRD is structural and sound, its samples validate against it and read into the C# shape.</summary>
public sealed class NotificationCrdTests
{
    private static string CrdPath => Path.Combine(CrdFiles.RepositoryRoot, "crds", "notifications.gitopsagent.io.yaml");

    private static JsonObject Crd() => ManifestReader.Read(File.ReadAllText(CrdPath), CrdPath).Single().Object;

    private static JsonObject Schema() => CrdFiles.Schema(Crd());

    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(Path.Combine(CrdFiles.RepositoryRoot, "samples", "notifications"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!);

    [Fact]
    public void Schema_IsStructural()
    {
        var schema = Schema();

        Assert.Empty(StructuralSchema.UntypedNodes(schema));
        Assert.Empty(StructuralSchema.PropertiesWithAdditionalProperties(schema));
        Assert.Empty(StructuralSchema.MetadataViolations(schema));
        Assert.Empty(StructuralSchema.InvalidDefaults(schema));
        Assert.Empty(StructuralSchema.BrokenPrinterColumns(CrdFiles.Version(Crd())));
    }

    [Fact]
    public void EventsEnum_IsExactlyTheNotificationEvents()
    {
        var values = Schema().GetArrayAt("properties", "spec", "properties", "events", "items", "enum")!.Select(v => v!.GetValue<string>());

        Assert.Equal(Enum.GetNames<NotificationEvent>(), values);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_ValidatesAndRoundTripsThroughTheCSharpShape(string file)
    {
        var path = Path.Combine(CrdFiles.RepositoryRoot, "samples", "notifications", file);
        var json = ManifestReader.Read(File.ReadAllText(path), path).Single().Object;

        Assert.Empty(OpenApiSubsetValidator.Validate(json, Schema()));
        var notification = json.Deserialize<Notification>(ApplicationSerializer.Options)!;
        Assert.Empty(NotificationRules.Validate(notification.Spec));
        Assert.True(JsonNode.DeepEquals(json["spec"], JsonSerializer.SerializeToNode(notification, ApplicationSerializer.Options)!["spec"]), "the spec must round-trip");
    }

    [Theory]
    [InlineData("/spec/provider", "type", "\"Email\"", ".spec.provider.type")]
    [InlineData("/spec", "events", "[\"Deployed\"]", ".spec.events")]
    [InlineData("/spec/provider", "address", "\"ftp://x\"", ".spec.provider.address")]
    [InlineData("/spec", "rateLimit", "{\"burst\": 0}", ".spec.rateLimit.burst")]
    public void Validator_BrokenSample_IsRejected(string parentPointer, string field, string valueJson, string expectedError)
    {
        var path = Path.Combine(CrdFiles.RepositoryRoot, "samples", "notifications", "slack.yaml");
        var json = ManifestReader.Read(File.ReadAllText(path), path).Single().Object;
        var parent = (JsonObject)parentPointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode)json, (node, key) => node[key]!);
        parent[field] = JsonNode.Parse(valueJson);

        var errors = OpenApiSubsetValidator.Validate(json, Schema());

        Assert.True(errors.Any(e => e.Contains(expectedError, StringComparison.Ordinal)), $"expected an error containing {expectedError}, got [{string.Join("; ", errors)}]");
    }
}
