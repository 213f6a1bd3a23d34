using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Previews;

/// <summary>An Application's Git credentials: the Secret its credentialsSecretRef names, in its own namespace (as the controller reads it).</summary>
public static class ApplicationCredentials
{
    /// <exception cref="CredentialsUnavailableException">The Secret does not exist.</exception>
    public static async Task<GitCredentials?> ReadAsync(IKubernetesApi kube, Application app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(app);
        if (app.Spec.Source.CredentialsSecretRef is not { } reference)
        {
            return null;
        }

        var ns = app.Metadata.Namespace ?? "";
        var secret = await kube.GetAsync("v1", "Secret", ns, reference.Name, ct)
            ?? throw new CredentialsUnavailableException($"Secret {ns}/{reference.Name} named by credentialsSecretRef does not exist");
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.GetObjectAt("data") ?? [])
        {
            if (value?.GetValue<string>() is { } encoded)
            {
                data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
        }

        return GitCredentials.FromSecretData(data);
    }
}
