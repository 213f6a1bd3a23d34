using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Diff;

/// <summary>Finds the golden-file folders next to the test sources (walking up from the test binaries) and reads YAML.</summary>
internal static class TestData
{
    public static string Folder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    public static JsonObject? ReadObject(string file)
    {
        if (!File.Exists(file)) return null;
        var docs = YamlDocumentReader.Read(File.ReadAllText(file), file);
        return docs.Count == 0 ? null : docs[0].Root as JsonObject;
    }

    public static JsonObject Yaml(string text) => (JsonObject)YamlDocumentReader.Read(text, "inline.yaml")[0].Root!;
}
