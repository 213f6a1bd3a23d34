using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Benchmarks.Inputs;

/// <summary>A large ConfigMap: 100 keys of about 1 KiB of multi-line config each (~100 KiB), like a bundled rules file set.</summary>
internal static class ConfigMapInput
{
    private const int KeyCount = 100;

    public static DiffCase Case()
    {
        var listTypes = ListTypeTable.Builtin;
        var desired = Desired(changedKey: -1);
        var older = Desired(changedKey: KeyCount / 2);
        return new DiffCase(
            desired.ToJsonString(),
            LiveObjectBuilder.Build(desired, listTypes, _ => { }, new JsonObject()).ToJsonString(),
            LiveObjectBuilder.Build(older, listTypes, _ => { }, new JsonObject()).ToJsonString(),
            new DiffOptions(ListTypes: listTypes));
    }

    /// <param name="changedKey">The key whose one line differs (an older revision), or -1 for the current one.</param>
    private static JsonObject Desired(int changedKey)
    {
        var data = new JsonObject();
        for (var i = 0; i < KeyCount; i++)
        {
            data[$"rules-{i:D3}.yaml"] = RuleFile(i, threshold: i == changedKey ? 80 : 90);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "alert-rules",
                ["namespace"] = "monitoring",
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "alert-rules" },
            },
            ["data"] = data,
        };
    }

    private static string RuleFile(int index, int threshold)
    {
        var text = new StringBuilder();
        text.Append("groups:\n");
        text.Append($"  - name: service-{index}\n    rules:\n");
        for (var r = 0; r < 5; r++)
        {
            text.Append($"      - alert: Service{index}HighLatency{r}\n");
            text.Append($"        expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{{service=\"svc-{index}\"}}[5m])) > {threshold}\n");
            text.Append("        for: 10m\n        labels:\n          severity: warning\n");
        }

        return text.ToString();
    }
}
