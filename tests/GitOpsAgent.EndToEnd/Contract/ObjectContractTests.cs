using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>Delete preconditions, the status subresource, and leader-election leases.</summary>
public sealed class ObjectContractTests(ContractFixture fx) : IClassFixture<ContractFixture>
{
    private KubernetesApi Kube => fx.Kube;

    [Fact]
    public async Task DeleteAsync_WrongUidPrecondition_Conflicts_AndTheRightUidDeletes()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-delete");
        var created = await Kube.CreateAsync(ContractObjects.ConfigMap(ns, "doomed", "1"), default);

        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            Kube.DeleteAsync("v1", "ConfigMap", ns, "doomed", new DeleteOptions("Background", PreconditionUid: Guid.NewGuid().ToString()), default));

        Assert.Equal(409, conflict.StatusCode);
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "doomed", default));

        var deleted = await Kube.DeleteAsync("v1", "ConfigMap", ns, "doomed", new DeleteOptions("Background", PreconditionUid: created.GetStringAt("metadata", "uid")), default);

        Assert.True(deleted);
        await fx.Cluster.WaitAsync(async () => await Kube.GetAsync("v1", "ConfigMap", ns, "doomed", default) is null, "the ConfigMap to be gone");
        Assert.False(await Kube.DeleteAsync("v1", "ConfigMap", ns, "doomed", new DeleteOptions("Background"), default));
    }

    [Fact]
    public async Task PatchAsync_StatusSubresource_ChangesOnlyStatus_AndTheMainResourceIgnoresStatus()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-status");
        var app = TestManifests.Application(ns, "guestbook", "https://example.com/config.git", "app", automated: false);
        var created = await Kube.CreateAsync(app, default);
        var generation = created.GetInt64At("metadata", "generation");

        var patched = await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "guestbook",
            JsonNode.Parse("""{"spec":{"suspend":true},"status":{"sync":{"status":"Synced","revision":"abc"}}}""")!, PatchType.Merge, default, subresource: "status");

        Assert.Equal("Synced", patched.GetStringAt("status", "sync", "status"));
        var live = (await Kube.GetAsync("gitopsagent.io/v1alpha1", "Application", ns, "guestbook", default))!;
        Assert.Equal("Synced", live!.GetStringAt("status", "sync", "status"));
        Assert.NotEqual(true, live.GetBoolAt("spec", "suspend"));
        Assert.Equal(generation, live.GetInt64At("metadata", "generation"));

        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "guestbook",
            JsonNode.Parse("""{"spec":{"suspend":true},"status":{"sync":{"status":"OutOfSync"}}}""")!, PatchType.Merge, default);

        live = (await Kube.GetAsync("gitopsagent.io/v1alpha1", "Application", ns, "guestbook", default))!;
        Assert.Equal(true, live!.GetBoolAt("spec", "suspend"));
        Assert.Equal("Synced", live.GetStringAt("status", "sync", "status"));
        Assert.True(live.GetInt64At("metadata", "generation") > generation);
    }

    [Fact]
    public async Task LeaseLock_CreateRenewTakeover_OnlyTheHolderOrAnExpiredLeaseWins()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-lease");
        var start = DateTimeOffset.UtcNow;
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start);
        var lockA = new LeaseLock(Kube, ns, "leader", clockA);
        var lockB = new LeaseLock(Kube, ns, "leader", clockB);
        var duration = TimeSpan.FromSeconds(15);

        Assert.True(await lockA.TryAcquireOrRenewAsync("a", duration, default));
        var lease = await GetLeaseAsync(ns);
        Assert.Equal("a", lease.GetStringAt("spec", "holderIdentity"));
        Assert.Equal(15, lease.GetInt64At("spec", "leaseDurationSeconds"));

        Assert.False(await lockB.TryAcquireOrRenewAsync("b", duration, default));
        Assert.Equal("a", lockB.LastObservedHolder);

        clockA.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await lockA.TryAcquireOrRenewAsync("a", duration, default));
        var renewed = await GetLeaseAsync(ns);
        Assert.Equal("a", renewed.GetStringAt("spec", "holderIdentity"));
        Assert.NotEqual(lease.GetStringAt("spec", "renewTime"), renewed.GetStringAt("spec", "renewTime"));
        Assert.NotEqual(lease.GetStringAt("metadata", "resourceVersion"), renewed.GetStringAt("metadata", "resourceVersion"));

        // B's clock passes renewTime + duration: a holder that stopped renewing loses the lease.
        clockB.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await lockB.TryAcquireOrRenewAsync("b", duration, default));
        var taken = await GetLeaseAsync(ns);
        Assert.Equal("b", taken.GetStringAt("spec", "holderIdentity"));
        Assert.Equal(1, taken.GetInt64At("spec", "leaseTransitions"));

        Assert.False(await lockA.TryAcquireOrRenewAsync("a", duration, default));
        Assert.Equal("b", lockA.LastObservedHolder);
    }

    [Fact]
    public async Task LeaseLock_TwoCandidatesRaceForAFreshLease_ExactlyOneWins()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-race");
        var candidates = Enumerable.Range(0, 4).Select(i => (Identity: $"c{i}", Lock: new LeaseLock(Kube, ns, "leader"))).ToList();

        var results = await Task.WhenAll(candidates.Select(c => c.Lock.TryAcquireOrRenewAsync(c.Identity, TimeSpan.FromSeconds(15), default)));

        var winner = Assert.Single(candidates.Zip(results), r => r.Second).First.Identity;
        Assert.Equal(winner, (await GetLeaseAsync(ns)).GetStringAt("spec", "holderIdentity"));
    }

    private async Task<JsonObject> GetLeaseAsync(string ns) =>
        await Kube.GetAsync(LeaseLock.LeaseApiVersion, LeaseLock.LeaseKind, ns, "leader", default) ?? throw new InvalidOperationException("no lease");
}
