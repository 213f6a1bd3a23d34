using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>
/// A CRD-backed Pipeline with a deep spec (spec.template.spec.stages[].steps[].env[]...), lists marked as maps and sets
/// in the CRD schema, CRD-defaulted fields in live, and a controller-written status.
/// </summary>
internal static class CustomResourceInput
{
    private const int StageCount = 6;
    private const int StepsPerStage = 4;

    public static ListTypeTable ListTypes { get; } = ListTypeTable.Builtin.WithCustomResourceDefinition(PipelineCrd.Definition());

    public static DiffCase Case()
    {
        var desired = Desired("3.4.1");
        var older = Desired("3.4.0");
        return new DiffCase(
            desired.ToJsonString(),
            LiveObjectBuilder.Build(desired, ListTypes, AddCrdDefaults, Status()).ToJsonString(),
            LiveObjectBuilder.Build(older, ListTypes, AddCrdDefaults, Status()).ToJsonString(),
            new DiffOptions(ListTypes: ListTypes));
    }

    /// <param name="builderVersion">The image tag of the build step in the third stage (the field a commit changes).</param>
    public static JsonObject Desired(string builderVersion = "3.4.1")
    {
        var stages = new JsonArray();
        for (var s = 0; s < StageCount; s++)
        {
            var steps = new JsonArray();
            for (var t = 0; t < StepsPerStage; t++)
            {
                steps.Add(Step(s, t, s == 2 && t == 0 ? $"ghcr.io/example/builder:{builderVersion}" : $"ghcr.io/example/step-{t}:1.0.{s}"));
            }

            stages.Add(new JsonObject
            {
                ["name"] = $"stage-{s}",
                ["dependsOn"] = s == 0 ? new JsonArray() : new JsonArray($"stage-{s - 1}"),
                ["steps"] = steps,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "ci.example.com/v1",
            ["kind"] = "Pipeline",
            ["metadata"] = new JsonObject
            {
                ["name"] = "release",
                ["namespace"] = "ci",
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "release-pipeline" },
            },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 3 * * *",
                ["notifications"] = new JsonObject
                {
                    ["slack"] = new JsonObject { ["channels"] = new JsonArray("#releases", "#ci-alerts") },
                },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["pipeline"] = "release" } },
                    ["spec"] = new JsonObject { ["serviceAccountName"] = "ci-runner", ["stages"] = stages },
                },
            },
        };
    }

    private static JsonObject Step(int stage, int step, string image) => new()
    {
        ["name"] = $"step-{step}",
        ["image"] = image,
        ["command"] = new JsonArray("/bin/sh", "-c", $"make stage-{stage}-step-{step}"),
        ["env"] = new JsonArray(
            new JsonObject { ["name"] = "STAGE", ["value"] = $"stage-{stage}" },
            new JsonObject { ["name"] = "STEP", ["value"] = $"step-{step}" },
            new JsonObject { ["name"] = "CACHE_DIR", ["value"] = "/cache" }),
        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "1Gi" } },
        ["retry"] = new JsonObject { ["limit"] = 2, ["backoff"] = new JsonObject { ["initial"] = "10s", ["max"] = "5m" } },
        ["artifacts"] = new JsonObject
        {
            ["outputs"] = new JsonArray(new JsonObject { ["path"] = $"/out/stage-{stage}/step-{step}.tar", ["retention"] = "7d" }),
        },
    };

    /// <summary>What the CRD's structural-schema defaults add on admission.</summary>
    private static void AddCrdDefaults(JsonObject live)
    {
        foreach (var stage in ((JsonArray)live["spec"]!["template"]!["spec"]!["stages"]!).OfType<JsonObject>())
        {
            foreach (var step in ((JsonArray)stage["steps"]!).OfType<JsonObject>())
            {
                step["timeout"] = "30m";
                ((JsonObject)step["retry"]!["backoff"]!)["factor"] = 2;
            }
        }
    }

    private static JsonObject Status() => new()
    {
        ["observedGeneration"] = 7,
        ["lastRunTime"] = "2026-11-20T03:00:00Z",
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = "True",
            ["reason"] = "Succeeded",
            ["message"] = "last run succeeded",
            ["lastTransitionTime"] = "2026-11-20T03:41:00Z",
        }),
    };
}
