using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Cli;

/// <summary>-o/--output: text for people (the default), wide, or json/yaml for scripts; the same option and writers on every verb.</summary>
internal static class OutputFormat
{
    public const string Text = "text";
    public const string Wide = "wide";
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<string> Create(params string[] formats)
    {
        string[] accepted = [Text, .. formats];
        var option = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", accepted)}.",
            DefaultValueFactory = _ => Text,
        };
        return option.AcceptOnlyFromAmong(accepted);
    }

    public static bool IsStructured(string format) => format is Json or Yaml;

    /// <summary>Writes <paramref name="node"/> as indented JSON or as YAML.</summary>
    public static Task WriteAsync(TextWriter output, string format, JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(node);
        return format == Yaml ? output.WriteAsync(YamlWriter.Write(node)) : output.WriteLineAsync(node.ToJsonString(Indented));
    }
}
