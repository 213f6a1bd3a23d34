using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>A Deployment with an app container and a sidecar, both with probes, env, ports, resources and mounts.</summary>
internal static class DeploymentInput
{
    public static DiffCase Case()
    {
        var listTypes = ListTypeTable.Builtin;
        var desired = Desired("1.8.3", logLevel: "info");
        var older = Desired("1.8.2", logLevel: "debug");
        return new DiffCase(
            desired.ToJsonString(),
            LiveObjectBuilder.Build(desired, listTypes, AddServerDefaults, Status()).ToJsonString(),
            LiveObjectBuilder.Build(older, listTypes, AddServerDefaults, Status()).ToJsonString(),
            new DiffOptions(ListTypes: listTypes));
    }

    public static JsonObject Desired(string version = "1.8.3", string logLevel = "info") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject
        {
            ["name"] = "web",
            ["namespace"] = "shop",
            ["labels"] = Labels(),
            ["annotations"] = new JsonObject { ["team"] = "storefront", ["gitops-agent.io/tracking-id"] = "shop:apps/Deployment:shop/web" },
        },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 3,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = "web" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = Labels(), ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true" } },
                ["spec"] = new JsonObject
                {
                    ["serviceAccountName"] = "web",
                    ["containers"] = new JsonArray(AppContainer(version, logLevel), ProxySidecar()),
                    ["volumes"] = new JsonArray(
                        new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = "web-config" } },
                        new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() }),
                },
            },
        },
    };

    private static JsonObject Labels() => new()
    {
        ["app.kubernetes.io/name"] = "web",
        ["app.kubernetes.io/part-of"] = "shop",
        ["app.kubernetes.io/managed-by"] = "gitops-agent",
    };

    private static JsonObject AppContainer(string version, string logLevel) => new()
    {
        ["name"] = "web",
        ["image"] = $"registry.example.com/shop/web:{version}",
        ["args"] = new JsonArray("--config=/etc/web/config.yaml", "--listen=:8080"),
        ["ports"] = new JsonArray(
            new JsonObject { ["name"] = "http", ["containerPort"] = 8080 },
            new JsonObject { ["name"] = "metrics", ["containerPort"] = 9090 }),
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = logLevel },
            new JsonObject { ["name"] = "DB_HOST", ["value"] = "postgres.shop.svc" },
            new JsonObject
            {
                ["name"] = "DB_PASSWORD",
                ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "web-db", ["key"] = "password" } },
            }),
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "256Mi" },
            ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "512Mi" },
        },
        ["livenessProbe"] = HttpProbe("/healthz", 8080, initialDelay: 10),
        ["readinessProbe"] = HttpProbe("/ready", 8080, initialDelay: 5),
        ["startupProbe"] = HttpProbe("/healthz", 8080, initialDelay: 0),
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "config", ["mountPath"] = "/etc/web", ["readOnly"] = true },
            new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
    };

    private static JsonObject ProxySidecar() => new()
    {
        ["name"] = "proxy",
        ["image"] = "envoyproxy/envoy:v1.31.2",
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "proxy", ["containerPort"] = 15001 }),
        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" } },
        ["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 15001 }, ["periodSeconds"] = 5 },
    };

    private static JsonObject HttpProbe(string path, int port, int initialDelay) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = port },
        ["initialDelaySeconds"] = initialDelay,
    };

    private static void AddServerDefaults(JsonObject live)
    {
        var spec = (JsonObject)live["spec"]!;
        var metadata = (JsonObject)live["metadata"]!;
        ((JsonObject)metadata["annotations"]!)["deployment.kubernetes.io/revision"] = "12";
        spec["revisionHistoryLimit"] = 10;
        spec["progressDeadlineSeconds"] = 600;
        spec["strategy"] = new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
        };
        var pod = (JsonObject)spec["template"]!["spec"]!;
        pod["restartPolicy"] = "Always";
        pod["dnsPolicy"] = "ClusterFirst";
        pod["schedulerName"] = "default-scheduler";
        pod["terminationGracePeriodSeconds"] = 30;
        pod["securityContext"] = new JsonObject();
        pod["serviceAccount"] = "web";
        foreach (var container in ((JsonArray)pod["containers"]!).OfType<JsonObject>())
        {
            container["imagePullPolicy"] = "IfNotPresent";
            container["terminationMessagePath"] = "/dev/termination-log";
            container["terminationMessagePolicy"] = "File";
            foreach (var port in ((JsonArray)container["ports"]!).OfType<JsonObject>()) port["protocol"] = "TCP";
            foreach (var probeName in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                if (container[probeName] is not JsonObject probe) continue;
                probe["timeoutSeconds"] = 1;
                probe["periodSeconds"] ??= 10;
                probe["successThreshold"] = 1;
                probe["failureThreshold"] = 3;
                if (probe["httpGet"] is JsonObject httpGet) httpGet["scheme"] = "HTTP";
            }
        }

        ((JsonObject)((JsonArray)pod["volumes"]!)[0]!["configMap"]!)["defaultMode"] = 420;
    }

    private static JsonObject Status() => new()
    {
        ["observedGeneration"] = 7,
        ["replicas"] = 3,
        ["updatedReplicas"] = 3,
        ["readyReplicas"] = 3,
        ["availableReplicas"] = 3,
        ["conditions"] = new JsonArray(
            Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
            Condition("Progressing", "NewReplicaSetAvailable", "ReplicaSet \"web-7c9d8f6b5\" has successfully progressed.")),
    };

    private static JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastUpdateTime"] = "2026-11-20T12:00:00Z",
        ["lastTransitionTime"] = "2026-11-20T11:58:00Z",
        ["reason"] = reason,
        ["message"] = message,
    };
}
