using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>
/// The running controllers as their pods describe them: the gitopsagent.io/version label, the Lease they hold, and the
/// cluster identity they publish (<see cref="PodVersionLabel"/>); for `version --cluster` and for rendering with the
/// controller's cluster variables.
/// </summary>
internal static class RunningControllers
{
    /// <summary>The controller pods (labelled gitopsagent.io/version) of <paramref name="ns"/>, or of all namespaces when null.</summary>
    public static async Task<List<RunningController>> ListAsync(IKubernetesApi kube, string? ns, CancellationToken ct)
    {
        var pods = await kube.ListAllAsync("v1", "Pod", ns, new ListOptions(LabelSelector: PodVersionLabel.LabelKey), ct);
        var holders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var podNamespace in pods.Items.Select(p => p.GetNamespace()).Distinct())
        {
            try
            {
                var leases = await kube.ListAllAsync("coordination.k8s.io/v1", "Lease", podNamespace, new ListOptions(), ct);
                holders.UnionWith(leases.Items.Select(l => $"{podNamespace}/{l.GetStringAt("spec", "holderIdentity")}"));
            }
            catch (KubernetesApiException ex) when (ex.StatusCode is 401 or 403)
            {
                // Leadership is a detail; the versions are the answer.
            }
        }

        return pods.Items
            .Select(p => new RunningController(
                p.GetNamespace(), p.GetName(), p.GetLabel(PodVersionLabel.LabelKey) ?? "", p.GetStringAt("status", "phase") ?? "Unknown", holders.Contains($"{p.GetNamespace()}/{p.GetName()}"),
                p.GetStringAt("metadata", "annotations", PodVersionLabel.ClusterNameAnnotation) ?? "", ClusterLabelsOf(p)))
            .OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Pod, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The labels the controller published (a JSON object); an annotation someone broke by hand reads as none.</summary>
    private static SortedDictionary<string, string> ClusterLabelsOf(JsonObject pod)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (pod.GetStringAt("metadata", "annotations", PodVersionLabel.ClusterLabelsAnnotation) is { } text && JsonNode.Parse(text) is JsonObject published)
            {
                foreach (var (key, value) in published)
                {
                    labels[key] = value?.ToString() ?? "";
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            labels.Clear();
        }

        return labels;
    }

    /// <summary>
    /// The cluster variables the controllers run with, for rendering an Application as the controller does: those of
    /// the first controller pod (in namespace order) that published an identity; none when no controller did or pods
    /// cannot be listed.
    /// </summary>
    public static async Task<VariableSet> ClusterVariablesAsync(IKubernetesApi kube, CancellationToken ct)
    {
        var (name, labels) = await IdentityAsync(kube, ct);
        return VariableSet.ForCluster(name, labels);
    }

    /// <summary>The identity behind <see cref="ClusterVariablesAsync"/>: the name and labels of the first controller pod that published one; none when no controller did or pods cannot be listed.</summary>
    public static async Task<(string? Name, IReadOnlyDictionary<string, string>? Labels)> IdentityAsync(IKubernetesApi kube, CancellationToken ct)
    {
        try
        {
            var published = (await ListAsync(kube, null, ct)).FirstOrDefault(c => c.ClusterName.Length > 0 || c.ClusterLabels.Count > 0);
            return (published?.ClusterName, published?.ClusterLabels);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode is 401 or 403)
        {
            // Without the right to list pods the CLI cannot know; a ${cluster.*} reference then fails naming the variable.
            return (null, null);
        }
    }

    public sealed record RunningController(string Namespace, string Pod, string Version, string Phase, bool Leader, string ClusterName, SortedDictionary<string, string> ClusterLabels);
}
