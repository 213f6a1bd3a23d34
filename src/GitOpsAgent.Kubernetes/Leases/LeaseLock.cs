using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Leader-election lock over a coordination.k8s.io/v1 Lease: created when missing, renewed by its holder, taken over
/// once renewTime + leaseDurationSeconds has passed. Every write is a create or a PUT carrying the read
/// resourceVersion, so two candidates never both win. The election loop belongs to the host.
/// Ours, not k8s.LeaderElection: its elector does not release the lease on shutdown (a standby waits a full lease
/// duration) and its IsLeader() stayed true after the lease was lost.
/// </summary>
public sealed class LeaseLock(IKubernetesApi api, string ns, string name, TimeProvider? timeProvider = null)
{
    public const string LeaseApiVersion = "coordination.k8s.io/v1";
    public const string LeaseKind = "Lease";
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The holder of the lease at the last read, or null.</summary>
    public string? LastObservedHolder { get; private set; }

    /// <summary>True when <paramref name="identity"/> holds the lease after the call.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(string identity, TimeSpan leaseDuration, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        var now = _time.GetUtcNow();
        var seconds = Math.Max(1, (int)Math.Ceiling(leaseDuration.TotalSeconds));
        var lease = await api.GetAsync(LeaseApiVersion, LeaseKind, ns, name, ct);
        if (lease is null)
        {
            var created = new JsonObject
            {
                ["apiVersion"] = LeaseApiVersion,
                ["kind"] = LeaseKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["holderIdentity"] = identity,
                    ["leaseDurationSeconds"] = seconds,
                    ["acquireTime"] = MicroTime(now),
                    ["renewTime"] = MicroTime(now),
                    ["leaseTransitions"] = 0,
                },
            };
            return await WriteAsync(() => api.CreateAsync(created, ct), identity);
        }

        var holder = lease.GetStringAt("spec", "holderIdentity");
        LastObservedHolder = string.IsNullOrEmpty(holder) ? null : holder;
        var spec = lease.GetOrAddObject("spec");
        if (holder == identity)
        {
            spec["renewTime"] = MicroTime(now);
            spec["leaseDurationSeconds"] = seconds;
            return await WriteAsync(() => api.ReplaceAsync(lease, ct), identity);
        }

        if (!string.IsNullOrEmpty(holder) && !IsExpired(lease, now))
        {
            return false;
        }

        spec["holderIdentity"] = identity;
        spec["leaseDurationSeconds"] = seconds;
        spec["acquireTime"] = MicroTime(now);
        spec["renewTime"] = MicroTime(now);
        spec["leaseTransitions"] = (lease.GetInt64At("spec", "leaseTransitions") ?? 0) + 1;
        return await WriteAsync(() => api.ReplaceAsync(lease, ct), identity);
    }

    /// <summary>Gives the lease up (when held by <paramref name="identity"/>) so another candidate can take it at once.</summary>
    public async Task ReleaseAsync(string identity, CancellationToken ct)
    {
        var lease = await api.GetAsync(LeaseApiVersion, LeaseKind, ns, name, ct);
        if (lease is null || lease.GetStringAt("spec", "holderIdentity") != identity)
        {
            return;
        }

        var spec = lease.GetOrAddObject("spec");
        spec.Remove("holderIdentity");
        spec["leaseDurationSeconds"] = 1;
        spec["renewTime"] = MicroTime(_time.GetUtcNow());
        try
        {
            await api.ReplaceAsync(lease, ct);
            LastObservedHolder = null;
        }
        catch (KubernetesConflictException)
        {
            // Someone else wrote it meanwhile: it is no longer ours to release.
        }
    }

    internal static bool IsExpired(JsonObject lease, DateTimeOffset now)
    {
        var renew = lease.GetStringAt("spec", "renewTime") ?? lease.GetStringAt("spec", "acquireTime");
        var seconds = lease.GetInt64At("spec", "leaseDurationSeconds") ?? 0;
        if (renew is null || !DateTimeOffset.TryParse(renew, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var renewedAt))
        {
            return true;
        }

        return renewedAt + TimeSpan.FromSeconds(seconds) <= now;
    }

    internal static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<bool> WriteAsync(Func<Task<JsonObject>> write, string identity)
    {
        try
        {
            await write();
            LastObservedHolder = identity;
            return true;
        }
        catch (KubernetesConflictException)
        {
            // Another candidate wrote first (AlreadyExists or a stale resourceVersion): not ours this round.
            return false;
        }
    }
}
