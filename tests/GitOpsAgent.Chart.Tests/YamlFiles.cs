using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Chart.Tests;

/// <summary>Reads repository YAML with the project's own reader (YAML 1.1, like kubectl and Helm).</summary>
public static class YamlFiles
{
    public static JsonObject ReadSingleObject(string path)
    {
        var documents = YamlDocumentReader.Read(File.ReadAllText(path), path);
        var roots = documents.Where(d => d.Root is not null).ToList();
        Assert.True(roots.Count == 1, $"{path}: expected one YAML document, found {roots.Count}");
        return Assert.IsType<JsonObject>(roots[0].Root);
    }
}
