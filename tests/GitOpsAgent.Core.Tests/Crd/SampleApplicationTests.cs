using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>The sample Applications are valid against the CRD (as the API server would check them) and read into the C# shape.</summary>
public sealed class SampleApplicationTests
{
    private static readonly JsonObject Schema = CrdFiles.Schema(CrdFiles.Crd());

    public static TheoryData<string> Samples() => new(CrdFiles.SamplePaths().Select(Path.GetFileName)!);

    [Fact]
    public void Samples_Exist()
    {
        Assert.True(CrdFiles.SamplePaths().Count() >= 3);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_ValidatesAgainstTheCrdSchema(string file)
    {
        var app = Read(file);

        Assert.Equal("gitopsagent.io/v1alpha1", app.GetApiVersion());
        Assert.Equal("Application", app.GetKind());
        Assert.Empty(OpenApiSubsetValidator.Validate(app, Schema));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_DeserializesWithApplicationSerializer(string file)
    {
        var json = Read(file);

        var app = ApplicationSerializer.FromJson(json);

        Assert.Equal(json.GetName(), app.Metadata.Name);
        Assert.Equal(json.GetStringAt("spec", "source", "repoURL"), app.Spec.Source.RepoURL);
        Assert.Equal(json.GetStringAt("spec", "source", "path"), app.Spec.Source.Path);
        Assert.Equal(json.GetStringAt("spec", "destination", "namespace"), app.Spec.Destination?.Namespace);
        Assert.Equal(json.GetBoolAt("spec", "syncPolicy", "automated", "prune"), app.Spec.SyncPolicy?.Automated?.Prune);
        Assert.True(JsonNode.DeepEquals(json["spec"], ApplicationSerializer.ToJson(app)["spec"]), "the spec must round-trip through the C# shape");
    }

    [Theory]
    [InlineData("spec.source.repoUrl", "/spec/source", "repoUrl", "\"https://example.com/x.git\"", ".spec.source.repoUrl: unknown field")]
    [InlineData("a typo'd syncPolicy field", "/spec/syncPolicy", "selfheal", "true", ".spec.syncPolicy.selfheal: unknown field")]
    [InlineData("a renderer outside the enum", "/spec/source", "renderer", "\"Jsonnet\"", ".spec.source.renderer")]
    [InlineData("an interval that is no duration", "/spec/syncPolicy", "interval", "\"3 minutes\"", ".spec.syncPolicy.interval")]
    [InlineData("a string where a boolean belongs", "/spec", "suspend", "\"yes\"", ".spec.suspend: must be of type boolean")]
    [InlineData("a negative retry limit", "/spec/syncPolicy", "retry", "{\"limit\": -1}", ".spec.syncPolicy.retry.limit")]
    public void Validator_BrokenSample_IsRejected(string what, string parentPointer, string field, string valueJson, string expectedError)
    {
        var app = Read("guestbook-production.yaml");
        var parent = (JsonObject)Walk(app, parentPointer);
        parent[field] = JsonNode.Parse(valueJson);

        var errors = OpenApiSubsetValidator.Validate(app, Schema);

        Assert.True(errors.Any(e => e.Contains(expectedError, StringComparison.Ordinal)), $"{what}: expected an error containing {expectedError}, got [{string.Join("; ", errors)}]");
    }

    [Fact]
    public void Validator_MissingRequiredRepoUrl_IsRejected()
    {
        var app = Read("guestbook.yaml");
        app.GetObjectAt("spec", "source")!.Remove("repoURL");

        Assert.Contains(".spec.source.repoURL: required", OpenApiSubsetValidator.Validate(app, Schema));
    }

    private static JsonObject Read(string file)
    {
        var path = Path.Combine(CrdFiles.RepositoryRoot, "samples", "applications", file);
        return ManifestReader.Read(File.ReadAllText(path), path).Single().Object;
    }

    private static JsonNode Walk(JsonObject root, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode)root, (node, key) => node[key]!);
}
