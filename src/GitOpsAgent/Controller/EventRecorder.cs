using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

/// <summary>
/// Kubernetes Events on Applications (what `kubectl describe gapp` shows). Best effort: a failure to record an
/// event is logged and never fails a reconcile.
/// </summary>
public sealed partial class EventRecorder(IKubernetesApi kube, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "gitops-agent";

    /// <param name="type">Normal or Warning.</param>
    public async Task RecordAsync(JsonObject involved, string type, string reason, string message, CancellationToken ct)
    {
        var now = Conditions.FormatTime(time.GetUtcNow());
        var ns = involved.GetNamespace();
        var name = involved.GetName();
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}.{Guid.NewGuid():N}"[..Math.Min(name.Length + 17, 253)],
                ["namespace"] = ns,
            },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = involved.GetApiVersion(),
                ["kind"] = involved.GetKind(),
                ["namespace"] = ns,
                ["name"] = name,
                ["uid"] = involved.GetStringAt("metadata", "uid"),
                ["resourceVersion"] = involved.GetStringAt("metadata", "resourceVersion"),
            },
            ["type"] = type,
            ["reason"] = reason,
            // The API limits messages to 1 KiB.
            ["message"] = message.Length > 1024 ? message[..1021] + "..." : message,
            ["source"] = new JsonObject { ["component"] = Component },
            ["reportingComponent"] = Component,
            ["reportingInstance"] = Environment.MachineName,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            await kube.CreateAsync(ev, ct);
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            Log.EventFailed(logger, reason, ns, name, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Could not record event {Reason} on {Namespace}/{Name}: {Error}")]
        public static partial void EventFailed(ILogger logger, string reason, string @namespace, string name, string error);
    }
}
