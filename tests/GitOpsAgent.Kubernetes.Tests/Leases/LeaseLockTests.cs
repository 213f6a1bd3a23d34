using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Kubernetes.Tests.Leases;

public class LeaseLockTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryLeaseApi _api = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private LeaseLock Lock() => new(_api, "gitops-system", "gitops-agent-leader", _time);

    private string? Holder() => _api.Stored("gitops-system", "gitops-agent-leader")!.GetStringAt("spec", "holderIdentity");

    [Fact]
    public async Task TryAcquireOrRenewAsync_NoLease_CreatesItHeldByCaller()
    {
        Assert.True(await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct));

        var lease = _api.Stored("gitops-system", "gitops-agent-leader")!;
        Assert.Equal("pod-a", lease.GetStringAt("spec", "holderIdentity"));
        Assert.Equal(15, lease.GetInt64At("spec", "leaseDurationSeconds"));
        Assert.Equal("2026-03-01T08:00:00.000000Z", lease.GetStringAt("spec", "renewTime"));
        Assert.Equal(0, lease.GetInt64At("spec", "leaseTransitions"));
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_Holder_RenewsRenewTime()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct));

        var lease = _api.Stored("gitops-system", "gitops-agent-leader")!;
        Assert.Equal("2026-03-01T08:00:10.000000Z", lease.GetStringAt("spec", "renewTime"));
        Assert.Equal(0, lease.GetInt64At("spec", "leaseTransitions"));
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_OtherHolderNotExpired_ReturnsFalse()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);
        _time.Advance(TimeSpan.FromSeconds(14));
        var candidate = Lock();

        Assert.False(await candidate.TryAcquireOrRenewAsync("pod-b", Duration, Ct));
        Assert.Equal("pod-a", Holder());
        Assert.Equal("pod-a", candidate.LastObservedHolder);
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_OtherHolderExpired_TakesOverAndCountsTransition()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);
        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.True(await Lock().TryAcquireOrRenewAsync("pod-b", Duration, Ct));

        var lease = _api.Stored("gitops-system", "gitops-agent-leader")!;
        Assert.Equal("pod-b", lease.GetStringAt("spec", "holderIdentity"));
        Assert.Equal(1, lease.GetInt64At("spec", "leaseTransitions"));
        Assert.Equal("2026-03-01T08:00:15.000000Z", lease.GetStringAt("spec", "acquireTime"));
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_ConcurrentWriterWinsRace_ReturnsFalse()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        _api.BeforeWrite = () =>
        {
            _api.BeforeWrite = null;
            var stolen = _api.Stored("gitops-system", "gitops-agent-leader")!;
            stolen["spec"]!["holderIdentity"] = "pod-c";
            _api.Put(stolen);
        };

        Assert.False(await Lock().TryAcquireOrRenewAsync("pod-b", Duration, Ct));
        Assert.Equal("pod-c", Holder());
    }

    [Fact]
    public async Task TryAcquireOrRenewAsync_CreateRace_AlreadyExistsReturnsFalse()
    {
        _api.BeforeWrite = () =>
        {
            _api.BeforeWrite = null;
            _api.Put(new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "gitops-agent-leader", ["namespace"] = "gitops-system" },
                ["spec"] = new System.Text.Json.Nodes.JsonObject { ["holderIdentity"] = "pod-c" },
            });
        };

        Assert.False(await Lock().TryAcquireOrRenewAsync("pod-b", Duration, Ct));
    }

    [Fact]
    public async Task ReleaseAsync_Holder_ClearsHolderSoOthersAcquireAtOnce()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);

        await Lock().ReleaseAsync("pod-a", Ct);

        Assert.Null(Holder());
        Assert.True(await Lock().TryAcquireOrRenewAsync("pod-b", Duration, Ct));
        Assert.Equal("pod-b", Holder());
    }

    [Fact]
    public async Task ReleaseAsync_NotHolder_LeavesLeaseAlone()
    {
        await Lock().TryAcquireOrRenewAsync("pod-a", Duration, Ct);

        await Lock().ReleaseAsync("pod-b", Ct);

        Assert.Equal("pod-a", Holder());
    }
}
