using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>Writes objects as a plain manifest directory (one YAML file per object), as a checkout would hold them.</summary>
internal static class ManifestDirectory
{
    public static void Write(string directory, IEnumerable<JsonObject> objects)
    {
        Directory.CreateDirectory(directory);
        var index = 0;
        foreach (var obj in objects)
        {
            var name = $"{index++:D4}-{obj["kind"]!.GetValue<string>().ToLowerInvariant()}.yaml";
            File.WriteAllText(Path.Combine(directory, name), YamlWriter.Write(obj));
        }
    }
}
