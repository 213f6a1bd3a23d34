using System.Text.RegularExpressions;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>
/// A minimal reader of the Prometheus text format and of OpenMetrics (whose UNIT and EOF lines it passes over), enough
/// for tests to look up families and samples.
/// </summary>
internal sealed partial class Exposition
{
    private Exposition(Dictionary<string, string> types, Dictionary<string, string> helps, List<Sample> samples)
    {
        this.Types = types;
        this.Helps = helps;
        this.Samples = samples;
    }

    public Dictionary<string, string> Types { get; }

    public Dictionary<string, string> Helps { get; }

    public List<Sample> Samples { get; }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.True(types.TryAdd(parts[2], parts[3]), $"TYPE written twice for {parts[2]}");
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                Assert.True(helps.TryAdd(parts[2], parts.Length > 3 ? parts[3] : ""), $"HELP written twice for {parts[2]}");
            }
            else if (line.StartsWith('#'))
            {
                continue; // UNIT, EOF and plain comments.
            }
            else
            {
                var match = SampleLine().Match(line);
                Assert.True(match.Success, $"not a sample line: {line}");
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
                {
                    labels[label.Groups["name"].Value] = Unescape(label.Groups["value"].Value);
                }

                samples.Add(new Sample(match.Groups["name"].Value, labels, match.Groups["value"].Value));
            }
        }

        return new Exposition(types, helps, samples);
    }

    /// <summary>Samples of a family, including a histogram's _bucket, _sum and _count series.</summary>
    public IEnumerable<Sample> SamplesOf(string family) => this.Samples.Where(sample =>
        sample.Name == family || sample.Name == family + "_bucket" || sample.Name == family + "_sum" || sample.Name == family + "_count");

    private static string Unescape(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    public sealed record Sample(string Name, Dictionary<string, string> Labels, string Value);
}
