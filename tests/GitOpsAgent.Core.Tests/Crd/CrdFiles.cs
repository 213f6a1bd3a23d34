using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Crd;

/// <summary>The CRD and the sample Applications, read from the repository (the folder holding GitOpsAgent.sln).</summary>
internal static class CrdFiles
{
    public static string RepositoryRoot => TestSupport.RepositoryRoot.Path;

    public static string CrdPath => Path.Combine(RepositoryRoot, "crds", "applications.gitopsagent.io.yaml");

    public static JsonObject Crd() => ManifestReader.Read(File.ReadAllText(CrdPath), CrdPath).Single().Object;

    public static JsonObject Version(JsonObject crd) =>
        crd.GetArrayAt("spec", "versions")!.OfType<JsonObject>().Single(v => v.GetStringAt("name") == "v1alpha1");

    public static JsonObject Schema(JsonObject crd) => Version(crd).GetObjectAt("schema", "openAPIV3Schema")!;

    public static IEnumerable<string> SamplePaths() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "samples", "applications"), "*.yaml").Order(StringComparer.Ordinal);
}
