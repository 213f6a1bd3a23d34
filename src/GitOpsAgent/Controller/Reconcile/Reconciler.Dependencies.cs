using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>How soon an Application waiting for a dependency looks again: a safety net, since a dependency turning Ready enqueues it at once.</summary>
    private static readonly TimeSpan DependencyPoll = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Finds another Application by key: the controller's watch cache where it watches that namespace; null when it
    /// does not exist. Without it (tests of the reconciler alone) one GET.
    /// </summary>
    public Func<AppKey, CancellationToken, Task<JsonObject?>>? ApplicationLookup { get; set; }

    /// <summary>spec.dependsOn that leads back to this Application is refused, naming the cycle.</summary>
    private async Task<ReconcileOutcome?> DependencyCycleAsync(ReconcileContext context, CancellationToken ct)
    {
        var direct = Dependencies.Of(context.App.Spec, context.Key.Namespace);
        if (direct.Count == 0)
        {
            return null;
        }

        var graph = new Dictionary<AppIdentity, IReadOnlyList<AppIdentity>> { [context.Identity] = direct };
        var queue = new Queue<AppIdentity>(direct);
        while (queue.Count > 0 && graph.Count < Dependencies.MaxVisited)
        {
            var next = queue.Dequeue();
            if (graph.ContainsKey(next))
            {
                continue;
            }

            var deps = await ReadApplicationAsync(next, ct) is { } app ? Dependencies.Of(app.Spec, next.Namespace) : [];
            graph[next] = deps;
            foreach (var dep in deps.Where(d => !graph.ContainsKey(d)))
            {
                queue.Enqueue(dep);
            }
        }

        return Dependencies.FindCycle(context.Identity, id => graph.GetValueOrDefault(id) ?? []) is { } cycle
            ? ReconcileOutcome.Stall(ConditionReasons.DependencyCycle,
                $"spec.dependsOn forms a cycle: {Dependencies.Describe(cycle)}; none of them can sync first: remove one of the dependencies")
            : null;
    }

    /// <summary>Before a sync starts: each dependency must be Ready at its current revision; else the reconcile waits, naming which and why.</summary>
    private async Task<bool> DependenciesReadyAsync(ReconcileContext context, CancellationToken ct)
    {
        var waiting = new List<string>();
        foreach (var dependency in Dependencies.Of(context.App.Spec, context.Key.Namespace))
        {
            if (Dependencies.NotReady(await ReadApplicationAsync(dependency, ct)) is { } why)
            {
                waiting.Add($"{dependency.Namespace}/{dependency.Name} {why}");
            }
        }

        if (waiting.Count == 0)
        {
            return true;
        }

        // Not a failure: health is still assessed, and the reconcile ends waiting.
        context.Deferred = ReconcileOutcome.Wait(ConditionReasons.DependencyNotReady,
            $"waiting for {(waiting.Count == 1 ? "dependency" : "dependencies")} before syncing: {string.Join("; ", waiting)}", DependencyPoll);
        return false;
    }

    private async Task<Application?> ReadApplicationAsync(AppIdentity id, CancellationToken ct)
    {
        var json = ApplicationLookup is { } lookup
            ? await lookup(new AppKey(id.Namespace, id.Name), ct)
            : await _kube.GetAsync(Application.ApiVersionValue, Application.KindValue, id.Namespace, id.Name, ct);
        try
        {
            return json is null ? null : ApplicationSerializer.FromJson(json);
        }
        catch (JsonException)
        {
            // Unreadable (a CRD older than the controller): as good as absent for a dependency.
            return null;
        }
    }
}
