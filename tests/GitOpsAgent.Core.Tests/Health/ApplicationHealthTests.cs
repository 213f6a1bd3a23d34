using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Health;

public sealed class ApplicationHealthTests
{
    private static readonly ResourceKey Web = new("apps", "Deployment", "default", "web");
    private static readonly ResourceKey Api = new("apps", "Deployment", "default", "api");
    private static readonly ResourceKey Db = new("apps", "StatefulSet", "default", "db");
    private static readonly ResourceKey Ns = new("", "Namespace", "", "team-a");

    [Fact]
    public void Aggregate_NoResources_IsHealthy()
    {
        Assert.Equal(HealthStatus.Healthy, ApplicationHealth.Aggregate([]).Status);
    }

    [Fact]
    public void Aggregate_AllHealthy_IsHealthyWithoutMessage()
    {
        var result = ApplicationHealth.Aggregate([(Web, HealthResult.Healthy("3 of 3")), (Db, HealthResult.Healthy())]);

        Assert.Equal(HealthResult.Healthy(), result);
    }

    [Theory]
    [InlineData(HealthStatus.Degraded, HealthStatus.Missing)]
    [InlineData(HealthStatus.Missing, HealthStatus.Progressing)]
    [InlineData(HealthStatus.Progressing, HealthStatus.Suspended)]
    [InlineData(HealthStatus.Suspended, HealthStatus.Healthy)]
    [InlineData(HealthStatus.Progressing, HealthStatus.Unknown)]
    [InlineData(HealthStatus.Unknown, HealthStatus.Suspended)]
    public void Aggregate_TwoStatuses_WorseWinsInEitherOrder(HealthStatus worse, HealthStatus better)
    {
        Assert.Equal(worse, ApplicationHealth.Aggregate([(Web, new HealthResult(worse)), (Db, new HealthResult(better))]).Status);
        Assert.Equal(worse, ApplicationHealth.Aggregate([(Web, new HealthResult(better)), (Db, new HealthResult(worse))]).Status);
    }

    [Fact]
    public void Aggregate_OneWorst_MessageNamesItAndItsMessage()
    {
        var result = ApplicationHealth.Aggregate(
        [
            (Db, new HealthResult(HealthStatus.Suspended, "paused")),
            (Web, new HealthResult(HealthStatus.Progressing, "1 of 3 replicas available")),
        ]);

        Assert.Equal(new HealthResult(HealthStatus.Progressing, "Deployment.apps default/web: 1 of 3 replicas available"), result);
    }

    [Fact]
    public void Aggregate_SeveralWorst_NamesEachInKeyOrder()
    {
        var result = ApplicationHealth.Aggregate(
        [
            (Web, new HealthResult(HealthStatus.Degraded, "crash")),
            (Ns, new HealthResult(HealthStatus.Degraded)),
            (Api, new HealthResult(HealthStatus.Degraded, "oom")),
        ]);

        Assert.Equal("Namespace team-a: Degraded; Deployment.apps default/api: oom; Deployment.apps default/web: crash", result.Message);
    }

    [Fact]
    public void Aggregate_MoreWorstThanNamed_SaysHowManyMore()
    {
        var resources = Enumerable.Range(1, 5)
            .Select(i => (new ResourceKey("", "Pod", "default", $"p{i}"), (HealthResult?)new HealthResult(HealthStatus.Missing, "gone")));

        var result = ApplicationHealth.Aggregate(resources);

        Assert.Equal("Pod default/p1: gone; Pod default/p2: gone; Pod default/p3: gone; and 2 more", result.Message);
    }

    [Fact]
    public void Aggregate_IgnoredResources_DoNotCount()
    {
        var result = ApplicationHealth.Aggregate([(Web, null), (Db, HealthResult.Healthy())]);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }
}
