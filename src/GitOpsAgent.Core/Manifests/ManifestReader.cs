using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Manifests;

/// <summary>Turns YAML/JSON text into Kubernetes objects: empty documents are skipped, List kinds flattened.</summary>
public static class ManifestReader
{
    /// <summary>Reads every object of a file. Throws <see cref="ManifestParseException"/> naming file and line.</summary>
    public static IReadOnlyList<Manifest> Read(string text, string file)
    {
        var result = new List<Manifest>();
        foreach (var doc in YamlDocumentReader.Read(text, file))
        {
            if (doc.Root is null)
            {
                continue;
            }

            if (doc.Root is not JsonObject obj)
            {
                throw new ManifestParseException(file, doc.Line, 0, "a document must be a mapping with apiVersion and kind");
            }

            AddObject(obj, new ManifestSource(file, doc.Line), result);
        }

        return result;
    }

    private static void AddObject(JsonObject obj, ManifestSource source, List<Manifest> result)
    {
        var apiVersion = obj.GetStringAt("apiVersion");
        var kind = obj.GetStringAt("kind");
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var missing = string.IsNullOrEmpty(apiVersion) ? "apiVersion" : "kind";
            throw new ManifestParseException(source.File, source.Line, 0, $"not a Kubernetes object: {missing} is missing");
        }

        // v1 List and any *List kind with items: kubectl applies the items, so do we.
        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is not JsonObject itemObject)
                {
                    throw new ManifestParseException(source.File, source.Line, 0, $"an item of {kind} is not an object");
                }

                AddObject((JsonObject)itemObject.DeepClone(), source, result);
            }

            return;
        }

        if (obj.GetStringAt("metadata", "name") is not { Length: > 0 } && obj.GetStringAt("metadata", "generateName") is not { Length: > 0 })
        {
            throw new ManifestParseException(source.File, source.Line, 0, $"{kind} has no metadata.name");
        }

        result.Add(new Manifest(obj, source));
    }
}
