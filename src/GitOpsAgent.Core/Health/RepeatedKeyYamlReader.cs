using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsAgent.Core.Health;

/// <summary>
/// Reads YAML documents letting a repeated mapping key win over the earlier one, as sigs.k8s.io/yaml (go-yaml v2,
/// non-strict) does when Kubernetes tools read objects; each repeat is reported. Only for live objects that the
/// strict <see cref="YamlDocumentReader"/> refused for a repeated key: manifests stay strict. Plain scalars resolve
/// as YamlDocumentReader resolves them (YAML 1.1); anchors and aliases are followed; merge keys are not expanded.
/// </summary>
internal static class RepeatedKeyYamlReader
{
    public static List<JsonNode?> Read(string text, string source, List<string> repeats)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var documents = new List<JsonNode?>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            documents.Add(ReadNode(parser, source, anchors, repeats));
            parser.Consume<DocumentEnd>();
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, string source, Dictionary<string, JsonNode?> anchors, List<string> repeats)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target) ? target?.DeepClone() : null;
        }

        JsonNode? node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            var isString = scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str");
            node = isString ? JsonValue.Create(scalar.Value) : YamlDocumentReader.ResolvePlain(scalar.Value);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, source, anchors, repeats));
            }

            node = array;
        }
        else
        {
            var mapping = parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            var map = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                if (map.Remove(key.Value))
                {
                    repeats.Add($"{source}:{key.Start.Line}:{key.Start.Column}: mapping key \"{key.Value}\" repeated; the later value is used");
                }

                map[key.Value] = ReadNode(parser, source, anchors, repeats);
            }

            node = map;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node?.DeepClone();
        }

        return node;
    }
}
