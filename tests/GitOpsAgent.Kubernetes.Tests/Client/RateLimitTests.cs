namespace GitOpsAgent.Kubernetes.Tests.Client;

public class RateLimitTests
{
    [Fact]
    public void Configuration_Defaults_AreQps50Burst100()
    {
        var config = new KubernetesClientConfiguration { Server = new Uri("https://k") };

        Assert.Equal(50, config.Qps);
        Assert.Equal(100, config.Burst);
    }

    [Fact]
    public void CreateRateLimiter_BurstExhausted_RefusesImmediateRequests()
    {
        // One token per second: no refill can happen between these immediate attempts.
        using var limiter = KubernetesClient.CreateRateLimiter(qps: 1, burst: 3);

        var granted = Enumerable.Range(0, 4).Select(_ => { using var lease = limiter.AttemptAcquire(1); return lease.IsAcquired; }).ToList();

        Assert.Equal([true, true, true, false], granted);
    }
}
