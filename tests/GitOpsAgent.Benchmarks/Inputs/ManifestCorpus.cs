using System.Text.Json.Nodes;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>A repository's worth of objects: Deployments, Services, ConfigMaps and ServiceAccounts in turn, each named uniquely.</summary>
internal static class ManifestCorpus
{
    public static List<JsonObject> Objects(int count)
    {
        var objects = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            objects.Add((i % 4) switch
            {
                0 => Deployment(i),
                1 => Service(i),
                2 => ConfigMap(i),
                _ => ServiceAccount(i),
            });
        }

        return objects;
    }

    private static JsonObject Deployment(int i)
    {
        var deployment = DeploymentInput.Desired();
        var metadata = (JsonObject)deployment["metadata"]!;
        metadata["name"] = $"web-{i}";
        metadata.Remove("namespace"); // defaulted from the destination, as most repositories leave it out
        return deployment;
    }

    private static JsonObject Service(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = $"web-{i}", ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "web" } },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app.kubernetes.io/name"] = "web" },
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" },
                new JsonObject { ["name"] = "metrics", ["port"] = 9090, ["targetPort"] = 9090 }),
        },
    };

    private static JsonObject ConfigMap(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = $"web-config-{i}" },
        ["data"] = new JsonObject
        {
            ["config.yaml"] = $"server:\n  port: 8080\n  workers: {i % 8 + 1}\nfeatures:\n  search: true\n  checkout: false\n",
            ["LOG_FORMAT"] = "json",
        },
    };

    private static JsonObject ServiceAccount(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"web-{i}",
            ["annotations"] = new JsonObject { ["eks.amazonaws.com/role-arn"] = $"arn:aws:iam::123456789012:role/web-{i}" },
        },
    };
}
