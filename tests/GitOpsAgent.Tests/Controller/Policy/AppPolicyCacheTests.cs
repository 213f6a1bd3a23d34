using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Policy;
using GitOpsAgent.Tests.Controller.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Tests.Controller.Policy;

/// <summary>When the AppPolicies are known (listed, or impossible because the CRD is not served), and that a change names its namespace.</summary>
public sealed class AppPolicyCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_CrdNotServed_IsKnownToHoldNoPolicies()
    {
        var cache = new AppPolicyCache(new FakeKubernetesApi(), TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Empty((await cache.GetAsync(Ct))!);
    }

    [Fact]
    public async Task GetAsync_CrdServedButNotListedYet_IsUnknown()
    {
        var kube = new FakeKubernetesApi();
        kube.Serve("gitopsagent.io/v1alpha1", "AppPolicy", "apppolicies");
        var cache = new AppPolicyCache(kube, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Null(await cache.GetAsync(Ct));
    }

    [Fact]
    public async Task RunAsync_PoliciesListedAndAdded_AreReturnedAndEachChangeNamesItsNamespace()
    {
        var kube = new FakeKubernetesApi();
        kube.Serve("gitopsagent.io/v1alpha1", "AppPolicy", "apppolicies");
        kube.Put(Policy("team-a", "limits"));
        var cache = new AppPolicyCache(kube, TimeProvider.System, NullLoggerFactory.Instance);
        var changed = new System.Collections.Concurrent.ConcurrentQueue<string>();
        cache.Changed += changed.Enqueue;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = cache.RunAsync(stop.Token);

        await cache.WaitUntilKnownAsync(TimeSpan.FromSeconds(10), Ct);
        kube.Put(Policy("team-b", "limits"));
        for (var i = 0; i < 500 && changed.Count < 2; i++)
        {
            await Task.Delay(10, Ct);
        }

        var policies = (await cache.GetAsync(Ct))!;
        await stop.CancelAsync();
        await run;
        Assert.Equal(["team-a", "team-b"], policies.Select(p => p.Namespace).Order(StringComparer.Ordinal));
        Assert.Equal(["team-a"], policies.Single(p => p.Namespace == "team-a").Spec.Destinations);
        Assert.Equal(["team-a", "team-b"], changed);
    }

    private static JsonObject Policy(string ns, string name) => new()
    {
        ["apiVersion"] = "gitopsagent.io/v1alpha1",
        ["kind"] = "AppPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["destinations"] = new JsonArray(ns) },
    };
}
