using GitOpsAgent.Kubernetes;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io Lease (client-go's semantics): acquire, renew every retry period, and
/// step down when no renewal succeeded within the renew deadline, so two replicas never write at once. Only the
/// leader runs the work; on shutdown the lease is released so a standby takes over at once.
/// </summary>
public sealed partial class LeaderElector(LeaseLock lease, ControllerOptions options, string identity, GitOpsAgentMetrics metrics, TimeProvider time, ILogger<LeaderElector> logger)
{
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    /// <summary>Set when the current term ended because renewals failed: running work must stop at once, not finish.</summary>
    public bool LostLeadership { get; private set; }

    public string Identity => identity;

    /// <summary>Runs <paramref name="lead"/> whenever this replica leads; returns when <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken ct)
    {
        metrics.SetLeader(options.Shard, false);
        while (!ct.IsCancellationRequested)
        {
            if (!await AcquireAsync(ct))
            {
                return;
            }

            _isLeader = true;
            LostLeadership = false;
            metrics.SetLeader(options.Shard, true);
            Log.BecameLeader(logger, identity, options.EffectiveLeaseName);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            var lost = await RenewUntilLostAsync(work, ct);
            LostLeadership = lost;
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                Log.LeadFailed(logger, ex.GetType().Name, ex.Message);
            }

            _isLeader = false;
            metrics.SetLeader(options.Shard, false);
            if (lost)
            {
                Log.LostLeadership(logger, identity);
                await ReleaseAsync();
                try
                {
                    // Let another replica take the lease before competing again.
                    await Task.Delay(options.RetryPeriod, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await ReleaseAsync();
            return;
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await lease.TryAcquireOrRenewAsync(identity, options.LeaseDuration, ct))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                Log.LeaseError(logger, ex.Message);
            }

            try
            {
                await Task.Delay(options.RetryPeriod, time, ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <returns>True when leadership was lost; false when <paramref name="ct"/> asked us to stop.</returns>
    private async Task<bool> RenewUntilLostAsync(Task work, CancellationToken ct)
    {
        var lastRenewal = time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(options.RetryPeriod, time, ct));
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (ct.IsCancellationRequested)
            {
                return false;
            }

            if (work.IsCompleted)
            {
                // The leader's work ended on its own (a start-up failure): give the lease up and compete again.
                return true;
            }

            try
            {
                if (await lease.TryAcquireOrRenewAsync(identity, options.LeaseDuration, ct))
                {
                    lastRenewal = time.GetUtcNow();
                    continue;
                }

                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                Log.LeaseError(logger, ex.Message);
                if (time.GetUtcNow() - lastRenewal > options.RenewDeadline)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await lease.ReleaseAsync(identity, timeout.Token);
            Log.Released(logger, identity);
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException or OperationCanceledException)
        {
            Log.LeaseError(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Identity} is now the leader (lease {Lease})")]
        public static partial void BecameLeader(ILogger logger, string identity, string lease);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Identity} lost leadership; stopping all writes")]
        public static partial void LostLeadership(ILogger logger, string identity);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "{Identity} released the lease")]
        public static partial void Released(ILogger logger, string identity);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Lease request failed: {Error}")]
        public static partial void LeaseError(ILogger logger, string error);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "The leader's work ended with {ErrorType}: {Error}")]
        public static partial void LeadFailed(ILogger logger, string errorType, string error);
    }
}
