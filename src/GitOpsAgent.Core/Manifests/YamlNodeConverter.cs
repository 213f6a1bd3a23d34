using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitOpsAgent.Core.Manifests;

/// <summary>
/// Turns YAML nodes into System.Text.Json nodes (merge keys applied, scalars resolved the YAML 1.1 way), counting every
/// node it makes: an alias is expanded each time it is used, so the count is what bounds alias bombs.
/// </summary>
internal sealed class YamlNodeConverter(string file, long maxNodes)
{
    private const string MergeKey = "<<";

    private long _converted;

    /// <summary>The JSON form of a YAML node; throws once aliases have expanded the input past its node budget.</summary>
    public JsonNode? Convert(YamlNode node)
    {
        if (++_converted > maxNodes)
        {
            throw new ManifestParseException(
                file, (int)node.Start.Line, (int)node.Start.Column, "aliases expand to too many nodes: over the limit for one input (see docs/security.md)");
        }

        return node switch
        {
            YamlMappingNode map => ConvertMapping(map),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new ManifestParseException(file, (int)node.Start.Line, (int)node.Start.Column, $"unsupported YAML node {node.NodeType}"),
        };
    }

    private JsonObject ConvertMapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        var mergedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode keyScalar)
            {
                throw new ManifestParseException(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column, "mapping keys must be scalars");
            }

            var key = keyScalar.Value ?? "";
            if (key == MergeKey && keyScalar.Style == ScalarStyle.Plain)
            {
                foreach (var merged in ApplyMergeKey(result, valueNode))
                {
                    mergedKeys.Add(merged);
                }

                continue;
            }

            // A key the map sets itself wins over one a merge key brought in (go-yaml does the same).
            if (result.ContainsKey(key) && !mergedKeys.Remove(key))
            {
                throw new ManifestParseException(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column, $"mapping key \"{key}\" already defined");
            }

            result[key] = Convert(valueNode);
        }

        return result;
    }

    /// <summary>YAML merge keys (&lt;&lt;: *anchor): keys of the merged maps that the map does not set itself.</summary>
    private List<string> ApplyMergeKey(JsonObject target, YamlNode value)
    {
        var added = new List<string>();
        var sources = value is YamlSequenceNode seq ? seq.Children : [value];
        foreach (var source in sources)
        {
            if (Convert(source) is not JsonObject merged)
            {
                throw new ManifestParseException(file, (int)source.Start.Line, (int)source.Start.Column, "a merge key (<<) must refer to a mapping");
            }

            foreach (var (k, v) in merged.ToList())
            {
                if (!target.ContainsKey(k))
                {
                    merged.Remove(k);
                    target[k] = v;
                    added.Add(k);
                }
            }
        }

        return added;
    }

    private JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        if (tag.Length > 0 && tag != "!")
        {
            return ConvertTagged(scalar, text, tag);
        }

        return scalar.Style == ScalarStyle.Plain ? YamlDocumentReader.ResolvePlain(text) : JsonValue.Create(text);
    }

    private JsonValue? ConvertTagged(YamlScalarNode scalar, string text, string tag)
    {
        switch (tag)
        {
            case "tag:yaml.org,2002:str":
            case "tag:yaml.org,2002:binary":
                return JsonValue.Create(text);
            case "tag:yaml.org,2002:null":
                return null;
            default:
                var resolved = YamlDocumentReader.ResolvePlain(text);
                var expected = tag switch
                {
                    "tag:yaml.org,2002:int" => System.Text.Json.JsonValueKind.Number,
                    "tag:yaml.org,2002:float" => System.Text.Json.JsonValueKind.Number,
                    "tag:yaml.org,2002:bool" => resolved?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                        ? resolved.GetValueKind()
                        : System.Text.Json.JsonValueKind.True,
                    _ => System.Text.Json.JsonValueKind.String,
                };
                if (expected == System.Text.Json.JsonValueKind.String)
                {
                    // Unknown local tags (for example !Ref in CloudFormation-like files) keep the text.
                    return JsonValue.Create(text);
                }

                if (resolved is null || resolved.GetValueKind() != expected)
                {
                    throw new ManifestParseException(file, (int)scalar.Start.Line, (int)scalar.Start.Column, $"cannot read \"{text}\" as {tag}");
                }

                return resolved;
        }
    }
}
