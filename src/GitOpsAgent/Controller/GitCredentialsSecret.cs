using System.Text;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller;

/// <summary>
/// Credentials from a credentialsSecretRef: a Secret in the Application's own namespace (the validator refuses others),
/// read through the API the caller is allowed to use (the Application's impersonated one in the reconcile).
/// </summary>
public static class GitCredentialsSecret
{
    /// <summary>Null without a reference; throws <see cref="CredentialsNotFoundException"/> when the Secret does not exist.</summary>
    public static async Task<GitCredentials?> ReadAsync(IKubernetesApi kube, string applicationNamespace, SecretReference? reference, CancellationToken ct) =>
        await ReadDataAsync(kube, applicationNamespace, reference, ct) is { } data ? GitCredentials.FromSecretData(data) : null;

    /// <summary>The Secret's decoded data (for Git or chart credentials); null without a reference.</summary>
    public static Task<Dictionary<string, string>?> ReadDataAsync(IKubernetesApi kube, string applicationNamespace, SecretReference? reference, CancellationToken ct) =>
        ReadDataAsync(kube, applicationNamespace, reference, "credentialsSecretRef", ct);

    /// <summary>The Secret's decoded data; <paramref name="field"/> is the spec field a missing Secret's error names.</summary>
    public static async Task<Dictionary<string, string>?> ReadDataAsync(IKubernetesApi kube, string applicationNamespace, SecretReference? reference, string field, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kube);
        if (reference is null)
        {
            return null;
        }

        var secret = await kube.GetAsync("v1", "Secret", applicationNamespace, reference.Name, ct)
            ?? throw new CredentialsNotFoundException($"Secret {applicationNamespace}/{reference.Name} named by {field} does not exist");
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.GetObjectAt("data") ?? [])
        {
            if (value?.GetValue<string>() is { } encoded)
            {
                data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
        }

        return data;
    }
}
