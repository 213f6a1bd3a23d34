using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsAgent.Core.Manifests;

/// <summary>Writes JSON nodes as YAML that reads back to the same data (strings that look like numbers are quoted).</summary>
public static class YamlWriter
{
    /// <summary>Multi-document YAML, each document introduced by "---".</summary>
    public static string WriteDocuments(IEnumerable<JsonNode?> documents)
    {
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb);
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true));
        emitter.Emit(new StreamStart());
        foreach (var doc in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, doc);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return sb.ToString();
    }

    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        using var writer = new StringWriter(sb);
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return sb.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonValue value:
                EmitValue(emitter, value);
                break;
        }
    }

    private static void EmitValue(IEmitter emitter, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                emitter.Emit(new Scalar(null, null, "true", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.False:
                emitter.Emit(new Scalar(null, null, "false", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.Number:
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !HasTrailingSpaceOnLine(text))
        {
            style = ScalarStyle.Literal;
        }
        else if (NeedsQuotes(text) || text.Any(char.IsControl))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            style = ScalarStyle.Any;
        }

        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    private static bool HasTrailingSpaceOnLine(string text) =>
        text.Split('\n').Any(line => line.EndsWith(' ') || line.EndsWith('\t'));

    /// <summary>A string needs quotes when, written plain, it would read back as something else.</summary>
    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        var resolved = YamlDocumentReader.ResolvePlain(text);
        return resolved is null || resolved.GetValueKind() != JsonValueKind.String || resolved.GetValue<string>() != text;
    }
}
