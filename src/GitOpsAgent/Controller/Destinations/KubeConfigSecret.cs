using GitOpsAgent.Core.Applications;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Destinations;

/// <summary>
/// A remote destination's kubeconfig, read from its Secret the one way the controller and the CLI share: through the
/// reader's own identity (the Application's in the reconcile, the user's in the CLI); errors name the Secret and its
/// keys, never their values.
/// </summary>
internal static class KubeConfigSecret
{
    /// <summary>"kubeconfig in Secret ns/name key k": how errors and destination names say where the kubeconfig came from.</summary>
    public static string SourceOf(string applicationNamespace, KubeConfigSecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return $"kubeconfig in Secret {applicationNamespace}/{reference.Name} key {reference.EffectiveKey}";
    }

    /// <summary>The kubeconfig text under the reference's key.</summary>
    /// <exception cref="CredentialsNotFoundException">The Secret does not exist.</exception>
    /// <exception cref="InvalidKubeConfigException">The Secret has no such key (or it is empty).</exception>
    public static async Task<string> ReadAsync(IKubernetesApi reader, string applicationNamespace, KubeConfigSecretReference reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var data = await GitCredentialsSecret.ReadDataAsync(reader, applicationNamespace, new SecretReference { Name = reference.Name }, "spec.destination.kubeConfig.secretRef", ct) ?? [];
        return data.GetValueOrDefault(reference.EffectiveKey) is { Length: > 0 } kubeconfig
            ? kubeconfig
            : throw new InvalidKubeConfigException(
                $"Secret {applicationNamespace}/{reference.Name} has no key \"{reference.EffectiveKey}\" (spec.destination.kubeConfig.secretRef.key); its keys: {(data.Count == 0 ? "none" : string.Join(", ", data.Keys.Order(StringComparer.Ordinal)))}");
    }
}
