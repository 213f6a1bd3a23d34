using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitOpsAgent.Core.Manifests;

/// <summary>One YAML document turned into JSON, with the 1-based line where it starts.</summary>
public sealed record YamlDocument(JsonNode? Root, int Line);

/// <summary>
/// Reads multi-document YAML (or JSON) into System.Text.Json nodes, resolving plain scalars the way kubectl's
/// YAML library (go-yaml v2, YAML 1.1) does, so a manifest means here what it means to kubectl.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>Parses every document of <paramref name="text"/>. Errors name <paramref name="file"/>, line and column.</summary>
    public static IReadOnlyList<YamlDocument> Read(string text, string file) => Read(text, file, ManifestLimits.Default);

    /// <summary>Parses every document of <paramref name="text"/> within <paramref name="limits"/>; an input past one is a <see cref="ManifestParseException"/>.</summary>
    public static IReadOnlyList<YamlDocument> Read(string text, string file, ManifestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxInputLength)
        {
            throw new ManifestParseException(file, 0, 0, $"larger than {limits.MaxInputLength} characters: over the limit for one input (see docs/security.md)");
        }

        var stream = new YamlStream();
        var parser = new LimitingParser(new Parser(new StringReader(text)), limits, file);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new ManifestParseException(file, (int)ex.Start.Line, (int)ex.Start.Column, Describe(ex));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner (16 and 18) throws this for some malformed input, such as an unclosed flow
            // sequence followed by a mapping line; the last event parsed is the best place we have.
            var at = parser.Current?.End;
            throw new ManifestParseException(file, (int)(at?.Line ?? 0), (int)(at?.Column ?? 0),
                "invalid YAML the parser cannot read past this point (is a '[' or '{' above left unclosed?)");
        }

        var converter = new YamlNodeConverter(file, parser.Nodes + limits.MaxAliasExpansionNodes);
        var documents = new List<YamlDocument>(stream.Documents.Count);
        foreach (var doc in stream.Documents)
        {
            var root = doc.RootNode;
            var converted = IsEmptyDocument(root) ? null : converter.Convert(root);
            documents.Add(new YamlDocument(converted, (int)root.Start.Line));
        }

        return documents;
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;

        // YamlDotNet prefixes messages with its own "(Line: x, Col: y, ...)": we report the place ourselves.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    private static bool IsEmptyDocument(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } scalar && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL") && scalar.Tag.IsEmpty;

    /// <summary>YAML 1.1 resolution of an untagged plain scalar (what go-yaml v2 and therefore kubectl do).</summary>
    public static JsonValue? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                // JSON has no infinities or NaN; kubectl fails on them too. Keep the text.
                return JsonValue.Create(text);
        }

        var c = text[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.'))
        {
            return JsonValue.Create(text);
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (TryParseInteger(plain, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (IsYamlFloat(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var body = text.TrimStart('-', '+');
        if (body.Length == 0 || text.Length - body.Length > 1)
        {
            return false;
        }

        bool ok;
        if (body.StartsWith("0x", StringComparison.Ordinal))
        {
            ok = long.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (body.StartsWith("0b", StringComparison.Ordinal))
        {
            ok = body.Length > 2 && body[2..].All(ch => ch is '0' or '1');
            value = ok ? System.Convert.ToInt64(body[2..], 2) : 0;
        }
        else if (body.Length > 1 && body[0] == '0' && body.All(char.IsAsciiDigit))
        {
            // YAML 1.1 octal, as in file modes written 0644.
            ok = body.All(ch => ch is >= '0' and <= '7');
            value = ok ? System.Convert.ToInt64(body, 8) : 0;
        }
        else
        {
            ok = body.All(char.IsAsciiDigit) && long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (ok && negative)
        {
            value = -value;
        }

        return ok;
    }

    private static bool IsYamlFloat(string text)
    {
        // [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? in YAML 1.1, plus the 1e3 form that JSON allows.
        var body = text.TrimStart('-', '+');
        if (body.Length == 0 || text.Length - body.Length > 1)
        {
            return false;
        }

        var sawDigit = false;
        var sawExponent = false;
        for (var i = 0; i < body.Length; i++)
        {
            var ch = body[i];
            if (char.IsAsciiDigit(ch))
            {
                sawDigit = true;
            }
            else if (ch == '.' && !sawExponent)
            {
            }
            else if (ch is 'e' or 'E' && sawDigit && !sawExponent)
            {
                sawExponent = true;
                if (i + 1 < body.Length && body[i + 1] is '+' or '-')
                {
                    i++;
                }

                if (i + 1 >= body.Length)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return sawDigit;
    }
}
