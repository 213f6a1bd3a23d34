using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>
/// Stands in for the controllers and kubelets that do not run here: on every write of a workload it sets the status
/// a healthy cluster would reach (all replicas ready, Job complete, PVC bound, namespace active).
/// </summary>
public static class FakeControllers
{
    public static void SetStatus(JsonObject obj, string now)
    {
        var group = obj.GetGroup();
        var kind = obj.GetKind();
        var generation = obj.GetInt64At("metadata", "generation") ?? 1;
        var replicas = obj.GetInt64At("spec", "replicas") ?? 1;
        switch (group, kind)
        {
            case ("apps", "Deployment" or "ReplicaSet"):
                obj["status"] = new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["replicas"] = replicas,
                    ["readyReplicas"] = replicas,
                    ["availableReplicas"] = replicas,
                    ["updatedReplicas"] = replicas,
                    ["conditions"] = kind == "Deployment"
                        ? new JsonArray(
                            Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability.", now),
                            Condition("Progressing", "NewReplicaSetAvailable", $"ReplicaSet \"{obj.GetName()}\" has successfully progressed.", now))
                        : new JsonArray(),
                };
                break;
            case ("apps", "StatefulSet"):
                obj["status"] = new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["replicas"] = replicas,
                    ["readyReplicas"] = replicas,
                    ["availableReplicas"] = replicas,
                    ["currentReplicas"] = replicas,
                    ["updatedReplicas"] = replicas,
                    ["currentRevision"] = $"{obj.GetName()}-{generation}",
                    ["updateRevision"] = $"{obj.GetName()}-{generation}",
                };
                break;
            case ("apps", "DaemonSet"):
                obj["status"] = new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["desiredNumberScheduled"] = 1,
                    ["currentNumberScheduled"] = 1,
                    ["numberReady"] = 1,
                    ["numberAvailable"] = 1,
                    ["updatedNumberScheduled"] = 1,
                    ["numberMisscheduled"] = 0,
                };
                break;
            case ("batch", "Job"):
                obj["status"] = new JsonObject
                {
                    ["startTime"] = now,
                    ["completionTime"] = now,
                    ["succeeded"] = 1,
                    ["conditions"] = new JsonArray(Condition("Complete", null, null, now)),
                };
                break;
            case ("", "PersistentVolumeClaim"):
                obj["status"] = new JsonObject { ["phase"] = "Bound" };
                break;
        }
    }

    private static JsonObject Condition(string type, string? reason, string? message, string now)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["lastUpdateTime"] = now };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
