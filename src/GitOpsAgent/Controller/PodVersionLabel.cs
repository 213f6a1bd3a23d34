using System.Text.Json.Nodes;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

/// <summary>
/// Labels the controller's own pod with the version it runs (gitopsagent.io/version), so `gitops-agent version
/// --cluster` and `kubectl get pods -L gitopsagent.io/version` show what really runs, whatever the image tag or
/// digest says. Outside a pod (no POD_NAME/POD_NAMESPACE) it does nothing; without the right to patch its pod it logs
/// a warning once and the controller runs on.
/// </summary>
public sealed partial class PodVersionLabel(IKubernetesApi kube, string? podName, string? podNamespace, ILogger<PodVersionLabel> logger) : BackgroundService
{
    public const string LabelKey = "gitopsagent.io/version";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(podName) || string.IsNullOrEmpty(podNamespace))
        {
            return;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [LabelKey] = LabelValue(AgentVersion.Current) } } };
        try
        {
            await kube.PatchAsync("v1", "Pod", podNamespace, podName, patch, PatchType.Merge, stoppingToken);
            Log.Labelled(logger, podNamespace, podName, AgentVersion.Current);
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            Log.LabelFailed(logger, podNamespace, podName, ex.Message);
        }
    }

    /// <summary>A version as a label value: characters a label cannot hold become '-', at most 63 characters.</summary>
    public static string LabelValue(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var chars = version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').Take(63).ToArray();
        return new string(chars).Trim('-', '_', '.');
    }
}
