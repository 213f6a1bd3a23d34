using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// v1/Pod: failing containers first (only for restartPolicy Always: a hook pod with Never/OnFailure must not be
/// failed early while its image is still being pulled), then the phase.
/// </summary>
internal static class PodHealth
{
    private static readonly string[] ContainerStatusFields = ["initContainerStatuses", "containerStatuses"];

    public static HealthResult Assess(JsonObject obj)
    {
        var restartPolicy = obj.GetStringAt("spec", "restartPolicy") ?? "Always";
        var message = obj.GetStringAt("status", "message") ?? "";
        if (restartPolicy == "Always" && FailingContainers(obj) is { Length: > 0 } failing)
        {
            return new(HealthStatus.Degraded, failing);
        }

        switch (obj.GetStringAt("status", "phase"))
        {
            case "Pending":
                return new(HealthStatus.Progressing, message.Length > 0 ? message : "pod is pending");
            case "Succeeded":
                return HealthResult.Healthy(message.Length > 0 ? message : "pod completed");
            case "Failed":
                return new(HealthStatus.Degraded, message.Length > 0 ? message : TerminatedWithError(obj) ?? "pod failed");
            case "Running" when restartPolicy != "Always":
                // A pod that ends by design (a Job's or a hook's) is still working while it runs.
                return new(HealthStatus.Progressing, message.Length > 0 ? message : "pod is running");
            case "Running" when IsReady(obj):
                return HealthResult.Healthy(message.Length > 0 ? message : "pod is running and ready");
            case "Running" when HasRestarted(obj):
                return new(HealthStatus.Degraded, message.Length > 0 ? message : "pod is not ready and a container has terminated");
            case "Running":
                return new(HealthStatus.Progressing, message.Length > 0 ? message : "pod is running but not ready");
            default:
                return new(HealthStatus.Unknown, message);
        }
    }

    private static IEnumerable<JsonObject> ContainerStatuses(JsonObject obj)
    {
        foreach (var field in ContainerStatusFields)
        {
            foreach (var item in obj.GetArrayAt("status", field) ?? [])
            {
                if (item is JsonObject status)
                {
                    yield return status;
                }
            }
        }
    }

    /// <summary>"web: CrashLoopBackOff: back-off 5m0s restarting failed container" for each container stuck in error.</summary>
    private static string FailingContainers(JsonObject obj)
    {
        var messages = new List<string>();
        foreach (var status in ContainerStatuses(obj))
        {
            var reason = status.GetStringAt("state", "waiting", "reason") ?? "";
            if (IsErrorReason(reason))
            {
                var name = status.GetStringAt("name") ?? "";
                var detail = status.GetStringAt("state", "waiting", "message");
                messages.Add(string.IsNullOrEmpty(detail) ? $"{name}: {reason}" : $"{name}: {reason}: {detail}");
            }
        }

        return string.Join("; ", messages);
    }

    // CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError, InvalidImageName, RunContainerError...
    private static bool IsErrorReason(string reason) =>
        reason.StartsWith("Err", StringComparison.Ordinal)
        || reason.EndsWith("Error", StringComparison.Ordinal)
        || reason.EndsWith("BackOff", StringComparison.Ordinal)
        || reason == "InvalidImageName";

    private static string? TerminatedWithError(JsonObject obj)
    {
        foreach (var status in ContainerStatuses(obj))
        {
            if (status.GetInt64At("state", "terminated", "exitCode") is { } code and not 0)
            {
                var reason = status.GetStringAt("state", "terminated", "message") ?? status.GetStringAt("state", "terminated", "reason");
                var suffix = string.IsNullOrEmpty(reason) ? "" : $": {reason}";
                return $"container {status.GetStringAt("name")} failed with exit code {code}{suffix}";
            }
        }

        return null;
    }

    private static bool IsReady(JsonObject obj)
    {
        var ready = ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), "Ready");
        return ready is { IsTrue: true };
    }

    private static bool HasRestarted(JsonObject obj)
    {
        foreach (var status in obj.GetArrayAt("status", "containerStatuses") ?? [])
        {
            if (status is JsonObject s && s.GetObjectAt("lastState", "terminated") is not null)
            {
                return true;
            }
        }

        return false;
    }
}
