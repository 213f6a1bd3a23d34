using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Policy;

/// <summary>
/// The AppPolicies of every namespace, from one watch (with the controller's own identity) that runs while this
/// replica leads. A change tells the controller which namespace's Applications to look at again. Policies are known
/// once the watch has listed them, or when the cluster does not serve the AppPolicy kind at all; until then a policy
/// check cannot be decided and nothing is applied.
/// </summary>
public sealed partial class AppPolicyCache(IKubernetesApi kube, TimeProvider time, ILoggerFactory loggerFactory) : IAppPolicySource
{
    private static readonly TimeSpan AbsenceRecheck = TimeSpan.FromSeconds(30);
    private readonly ILogger<AppPolicyCache> _logger = loggerFactory.CreateLogger<AppPolicyCache>();
    private volatile ResourceWatcher? _watcher;
    private DateTimeOffset _absentUntil = DateTimeOffset.MinValue;

    /// <summary>An AppPolicy was added, changed or deleted in this namespace.</summary>
    public event Action<string>? Changed;

    /// <summary>Watches AppPolicies until cancelled (a new watch each leadership term).</summary>
    public Task RunAsync(CancellationToken ct)
    {
        var watcher = new ResourceWatcher(kube, new ResourceWatcherOptions(AppPolicy.ApiVersionValue, AppPolicy.KindValue), (e, _) =>
        {
            if (e.Object is { } policy)
            {
                var (ns, name, change) = (policy.GetNamespace(), policy.GetName(), e.Type.ToString());
                Log.PolicyChanged(_logger, change, ns, name);
                Changed?.Invoke(ns);
            }

            return ValueTask.CompletedTask;
        }, time, loggerFactory.CreateLogger<ResourceWatcher>());
        _watcher = watcher;
        return watcher.RunAsync(ct);
    }

    public async Task<IReadOnlyList<NamedPolicy>?> GetAsync(CancellationToken ct)
    {
        if (_watcher is { HasSynced: true } watcher)
        {
            return watcher.Snapshot().Select(NamedPolicy.Read).ToList();
        }

        // Asking discovery about an unknown kind refreshes it: remember the answer for a while.
        if (time.GetUtcNow() < _absentUntil)
        {
            return [];
        }

        try
        {
            await kube.ResolveAsync(AppPolicy.ApiVersionValue, AppPolicy.KindValue, ct);
            return null;
        }
        catch (KubernetesUnknownKindException)
        {
            _absentUntil = time.GetUtcNow() + AbsenceRecheck;
            return [];
        }
    }

    /// <summary>Waits (bounded) until the policies are known, so the first reconciles need not fail for want of them.</summary>
    public async Task WaitUntilKnownAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (await GetAsync(ct) is null && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    /// <summary>The policies as objects, for tests and diagnostics.</summary>
    internal IReadOnlyCollection<JsonObject> Snapshot() => _watcher?.Snapshot() ?? [];

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "AppPolicy {Namespace}/{Name} {Change}: its namespace's Applications are checked again")]
        public static partial void PolicyChanged(ILogger logger, string change, string @namespace, string name);
    }
}
