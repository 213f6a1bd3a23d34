using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli.App;

/// <summary>Applications in the cluster, as the app verbs read and change them (a missing one is a usage error naming it).</summary>
internal sealed class ApplicationClient(IKubernetesApi kube)
{
    public IKubernetesApi Kube => kube;

    public async Task<JsonObject> GetAsync(string ns, string name, CancellationToken ct) =>
        await kube.GetAsync(Application.ApiVersionValue, Application.KindValue, ns, name, ct)
            ?? throw new CliException($"Application {ns}/{name} not found (gitops-agent app list -A shows them all)");

    /// <summary>Every Application of <paramref name="ns"/> (null: all namespaces), by namespace and name.</summary>
    public async Task<List<JsonObject>> ListAsync(string? ns, CancellationToken ct)
    {
        var list = await kube.ListAllAsync(Application.ApiVersionValue, Application.KindValue, ns, new ListOptions(), ct);
        return [.. list.Items.OrderBy(a => a.GetNamespace(), StringComparer.Ordinal).ThenBy(a => a.GetName(), StringComparer.Ordinal)];
    }

    /// <summary>A JSON merge patch (null removes a field).</summary>
    public Task<JsonObject> PatchAsync(string ns, string name, JsonObject patch, CancellationToken ct) =>
        kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, ns, name, patch, PatchType.Merge, ct);

    /// <summary>
    /// The object as -o json/yaml prints it: without managedFields, as kubectl does, and without the userinfo of any
    /// URL in it (a token in spec.source.repoURL, also in kubectl's last-applied annotation): CLI output lands in CI logs.
    /// </summary>
    public static JsonObject ForOutput(JsonObject app)
    {
        var copy = (JsonObject)app.DeepClone();
        copy.GetObjectAt("metadata")?.Remove("managedFields");
        RedactUrls(copy);
        return copy;
    }

    private static void RedactUrls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("://", StringComparison.Ordinal))
                    {
                        obj[key] = Git.SecretScrubber.Scrub(text, null);
                    }
                    else
                    {
                        RedactUrls(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("://", StringComparison.Ordinal))
                    {
                        array[i] = Git.SecretScrubber.Scrub(text, null);
                    }
                    else
                    {
                        RedactUrls(array[i]);
                    }
                }

                break;
        }
    }
}
