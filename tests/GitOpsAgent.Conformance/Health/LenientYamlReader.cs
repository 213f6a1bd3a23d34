using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsAgent.Conformance.Health;

/// <summary>
/// Reads one YAML document letting a repeated mapping key win over the earlier one, as go-yaml v2 (non-strict)
/// does. Core's YamlDocumentReader rejects duplicate keys, and one upstream fixture (statefulset-ondelete.yaml)
/// repeats updateStrategy. Plain scalars are resolved by YamlDocumentReader.ResolvePlain (YAML 1.1).
/// Anchors, aliases and tags are not needed by the fixtures and are not supported.
/// </summary>
internal static class LenientYamlReader
{
    public static JsonNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        var root = ReadNode(parser);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private static JsonNode? ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return scalar.Style == ScalarStyle.Plain ? YamlDocumentReader.ResolvePlain(scalar.Value) : JsonValue.Create(scalar.Value);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser));
            }

            return array;
        }

        parser.Consume<MappingStart>();
        var map = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>().Value;
            map[key] = ReadNode(parser);
        }

        return map;
    }
}
