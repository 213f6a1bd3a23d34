using System.Reflection;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>docs/operations.md names exactly the label values and reasons the code emits: no more, no fewer.</summary>
public sealed partial class DocumentedValuesTests
{
    private static readonly Lazy<string> Operations = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md")));

    [Fact]
    public void ApplyResultLabel_DocumentedValues_AreExactlyTheEmittedOnes()
    {
        var row = Operations.Value.Split('\n').Single(l => l.StartsWith("| `gitopsagent_resource_apply_total`", StringComparison.Ordinal));
        var documented = BacktickWord().Matches(row.Split('|')[4]).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(Enum.GetValues<ApplyResult>().Select(r => r.LabelValue()).Order(), documented.Order());
    }

    [Fact]
    public void SyncPhaseLabel_DocumentedValues_AreTheOperationPhasesASyncEndsIn()
    {
        var row = Operations.Value.Split('\n').Single(l => l.StartsWith("| `gitopsagent_app_sync_total`", StringComparison.Ordinal));
        var documented = BacktickWord().Matches(row.Split('|')[4]).Select(m => m.Groups[1].Value).Order();

        Assert.Equal(new[] { OperationPhases.Succeeded, OperationPhases.Failed, OperationPhases.Error }.Order(), documented);
    }

    [Fact]
    public void ReasonsTable_NamesEveryConditionReasonAndNoOther()
    {
        var section = Operations.Value[Operations.Value.IndexOf("## Conditions and reasons", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var documented = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => BacktickWord().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var constants = typeof(ConditionReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

        Assert.Equal(constants.Order(), documented.Order());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsAgent.sln not found");
    }

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex BacktickWord();
}
