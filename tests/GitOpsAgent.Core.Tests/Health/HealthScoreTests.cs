using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>
/// The score docs/health.md reports, computed from the corpus. Print it with
/// dotnet test tests/GitOpsAgent.Core.Tests -c Release --filter HealthScoreTests --logger "console;verbosity=detailed"
/// </summary>
public sealed class HealthScoreTests
{
    [Fact]
    public void Score_CustomResourceCorpus_NoProgressingDegradedOrSuspendedObjectReadsHealthy()
    {
        var table = HealthScore.Tally(CustomResourceCorpus.Cases);

        TestContext.Current.TestOutputHelper?.WriteLine(HealthScore.Format(table));

        Assert.All(HealthScore.Classes.Where(c => c != HealthStatus.Healthy), c => Assert.Equal(0, table[c][HealthStatus.Healthy]));
    }
}
