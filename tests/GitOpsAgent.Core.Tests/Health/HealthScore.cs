using System.Globalization;
using System.Text;
using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>How the assessor scores on the corpus: per documented status class, how many objects read as each status.</summary>
internal static class HealthScore
{
    public static readonly HealthStatus[] Classes = [HealthStatus.Healthy, HealthStatus.Progressing, HealthStatus.Degraded, HealthStatus.Suspended];

    public static HealthResult? Assess(CustomResourceCorpus.Case c) => HealthAssessor.Assess(c.Object, kind: new KindFacts(c.HasStatusSubresource));

    /// <summary>Expected class to (actual status to count).</summary>
    public static Dictionary<HealthStatus, Dictionary<HealthStatus, int>> Tally(IEnumerable<CustomResourceCorpus.Case> cases)
    {
        var table = Classes.ToDictionary(c => c, _ => Enum.GetValues<HealthStatus>().ToDictionary(s => s, _ => 0));
        foreach (var c in cases)
        {
            var actual = Assess(c)?.Status ?? HealthStatus.Unknown;
            table[Enum.Parse<HealthStatus>(c.Status)][actual]++;
        }

        return table;
    }

    public static string Format(Dictionary<HealthStatus, Dictionary<HealthStatus, int>> table)
    {
        var columns = Enum.GetValues<HealthStatus>();
        var text = new StringBuilder();
        text.Append("| documented | objects | ").AppendJoin(" | ", columns.Select(s => $"read {s}")).AppendLine(" | exact |");
        text.Append("| --- | --- | ").AppendJoin(" | ", columns.Select(_ => "---")).AppendLine(" | --- |");
        foreach (var (expected, row) in table)
        {
            var total = row.Values.Sum();
            text.Append(CultureInfo.InvariantCulture, $"| {expected} | {total} | ").AppendJoin(" | ", columns.Select(s => row[s]))
                .AppendLine(CultureInfo.InvariantCulture, $" | {row[expected]} of {total} |");
        }

        return text.ToString();
    }
}
