using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>The AppPolicy CRD is structural and sound, and the sample policies validate against it and read into the C# shape.</summary>
public sealed class AppPolicyCrdTests
{
    private static readonly string CrdPath = Path.Combine(CrdFiles.RepositoryRoot, "crds", "apppolicies.gitopsagent.io.yaml");

    private static JsonObject Crd() => ManifestReader.Read(File.ReadAllText(CrdPath), CrdPath).Single().Object;

    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(Path.Combine(CrdFiles.RepositoryRoot, "samples", "policies"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!);

    [Fact]
    public void Schema_IsStructuralWithValidDefaultsAndColumns()
    {
        var crd = Crd();
        var schema = CrdFiles.Schema(crd);

        Assert.Equal(("gitopsagent.io", AppPolicy.Plural, AppPolicy.KindValue), (crd.GetStringAt("spec", "group"), crd.GetStringAt("spec", "names", "plural"), crd.GetStringAt("spec", "names", "kind")));
        Assert.Empty(StructuralSchema.UntypedNodes(schema));
        Assert.Empty(StructuralSchema.PropertiesWithAdditionalProperties(schema));
        Assert.Empty(StructuralSchema.MetadataViolations(schema));
        Assert.Empty(StructuralSchema.InvalidDefaults(schema));
        Assert.Empty(StructuralSchema.BrokenPrinterColumns(CrdFiles.Version(crd)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_ValidatesAndReadsIntoTheCSharpShape(string file)
    {
        var path = Path.Combine(CrdFiles.RepositoryRoot, "samples", "policies", file);
        var json = ManifestReader.Read(File.ReadAllText(path), path).Single().Object;

        var policy = AppPolicy.FromJson(json);

        Assert.Empty(OpenApiSubsetValidator.Validate(json, CrdFiles.Schema(Crd())));
        Assert.Equal(json.GetName(), policy.Metadata.Name);
        Assert.Equal(json.GetArrayAt("spec", "sourceRepos")?.Count, policy.Spec.SourceRepos?.Count);
    }

    [Fact]
    public void Validator_KindRuleWithoutGroup_IsRejected()
    {
        var policy = JsonNode.Parse("""{"apiVersion":"gitopsagent.io/v1alpha1","kind":"AppPolicy","metadata":{"name":"p"},"spec":{"clusterResources":{"allow":[{"kind":"ClusterRole"}]}}}""")!.AsObject();

        Assert.Contains(".spec.clusterResources.allow[0].group: required", OpenApiSubsetValidator.Validate(policy, CrdFiles.Schema(Crd())));
    }
}
