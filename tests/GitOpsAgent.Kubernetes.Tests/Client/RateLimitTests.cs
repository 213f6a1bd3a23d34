using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class RateLimitTests
{
    [Fact]
    public void Options_Defaults_AreQps50Burst100()
    {
        var options = new KubernetesClusterOptions();

        Assert.Equal(50, options.Qps);
        Assert.Equal(100, options.Burst);
    }

    [Fact]
    public void CreateLimiter_BurstExhausted_RefusesImmediateRequests()
    {
        // One token per second: no refill can happen between these immediate attempts.
        using var limiter = RateLimitingHandler.CreateLimiter(qps: 1, burst: 3);

        var granted = Enumerable.Range(0, 4).Select(_ => { using var lease = limiter.AttemptAcquire(1); return lease.IsAcquired; }).ToList();

        Assert.Equal([true, true, true, false], granted);
    }

    [Fact]
    public async Task Requests_EveryApiOfOneCluster_TakeTokensFromTheSameLimiter()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster(options: new KubernetesClusterOptions { Qps = 0.001, Burst = 1000 });
        var impersonating = cluster.WithHeaders(new Dictionary<string, IReadOnlyList<string>> { ["Impersonate-User"] = ["alice"] });
        await cluster.Api.GetApiResourcesAsync(TestContext.Current.CancellationToken);
        var afterDiscovery = cluster.RateLimiter.GetStatistics()!.TotalSuccessfulLeases;

        await cluster.Api.GetAsync("v1", "ConfigMap", "prod", "a", TestContext.Current.CancellationToken);
        await impersonating.GetAsync("v1", "ConfigMap", "prod", "b", TestContext.Current.CancellationToken);

        Assert.Equal(afterDiscovery + 2, cluster.RateLimiter.GetStatistics()!.TotalSuccessfulLeases);
        Assert.Equal(server.Handler.Requests.Count, cluster.RateLimiter.GetStatistics()!.TotalSuccessfulLeases);
    }
}
