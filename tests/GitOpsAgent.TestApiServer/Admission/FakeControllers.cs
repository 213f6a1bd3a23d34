using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>
/// Stands in for the controllers and kubelets that do not run here: on every write of a workload it sets the status
/// a healthy cluster would reach (all replicas ready, Job complete, PVC bound, namespace active). Tests that need
/// another outcome say so by annotation: <see cref="JobResultAnnotation"/> on a Job, <see cref="RolloutAnnotation"/>
/// on a Deployment.
/// </summary>
public static class FakeControllers
{
    /// <summary>On a Job: "Failed" (its pod fails: Failed condition, BackoffLimitExceeded) or "Running" (stays active until a test writes its status).</summary>
    public const string JobResultAnnotation = "testapiserver.gitopsagent.io/job-result";

    /// <summary>On a Deployment: "Stuck" leaves it rolling out (no replica available) until a test writes its status.</summary>
    public const string RolloutAnnotation = "testapiserver.gitopsagent.io/rollout";

    public static void SetStatus(JsonObject obj, string now)
    {
        var group = obj.GetGroup();
        var kind = obj.GetKind();
        var generation = obj.GetInt64At("metadata", "generation") ?? 1;
        var replicas = obj.GetInt64At("spec", "replicas") ?? 1;
        switch (group, kind)
        {
            case ("apps", "Deployment") when obj.GetAnnotation(RolloutAnnotation) == "Stuck":
                obj["status"] = new JsonObject
                {
                    ["observedGeneration"] = generation,
                    ["replicas"] = replicas,
                    ["updatedReplicas"] = replicas,
                    ["readyReplicas"] = 0,
                    ["availableReplicas"] = 0,
                    ["unavailableReplicas"] = replicas,
                    ["conditions"] = new JsonArray(
                        Condition("Available", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, "False"),
                        Condition("Progressing", "ReplicaSetUpdated", $"ReplicaSet \"{obj.GetName()}\" is progressing.", now)),
                };
                break;
            case ("batch", "Job") when obj.GetAnnotation(JobResultAnnotation) == "Running":
                obj["status"] = new JsonObject { ["startTime"] = now, ["active"] = 1 };
                break;
            case ("batch", "Job") when obj.GetAnnotation(JobResultAnnotation) == "Failed":
                obj["status"] = new JsonObject
                {
                    ["startTime"] = now,
                    ["failed"] = 1,
                    ["conditions"] = new JsonArray(Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now)),
                };
                break;
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
            case ("", "Pod"):
                obj["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["startTime"] = now,
                    ["conditions"] = new JsonArray(Condition("Initialized", null, null, now), Condition("Ready", null, null, now), Condition("ContainersReady", null, null, now), Condition("PodScheduled", null, null, now)),
                    ["containerStatuses"] = new JsonArray((obj.GetArrayAt("spec", "containers") ?? []).OfType<JsonObject>().Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = c.GetStringAt("name"),
                        ["image"] = c.GetStringAt("image"),
                        ["ready"] = true,
                        ["started"] = true,
                        ["restartCount"] = 0,
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                    }).ToArray()),
                };
                break;
            case ("", "Service") when obj.GetStringAt("spec", "type") == "LoadBalancer":
            case ("networking.k8s.io", "Ingress"):
                obj["status"] = new JsonObject
                {
                    ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "192.0.2.10" }) },
                };
                break;
            case ("", "PersistentVolumeClaim"):
                obj["status"] = new JsonObject { ["phase"] = "Bound" };
                break;
        }
    }

    private static JsonObject Condition(string type, string? reason, string? message, string now, string status = "True")
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = now, ["lastUpdateTime"] = now };
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
