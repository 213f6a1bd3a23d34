using System.Text;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Notifications;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Notifications;

/// <summary>
/// A provider as one delivery needs it: the spec's type and address, with what its Secret holds (address, token,
/// signingKey, username). Never printed: <see cref="ToString"/> shows only the type.
/// </summary>
public sealed record ProviderSettings(string Type, Uri? Address, string? Token, string? SigningKey, string? Username)
{
    public override string ToString() => $"ProviderSettings({Type}, ***)";

    /// <summary>The metric label of the provider type: webhook, slack, teams, github, gitlab, gitea, bitbucket.</summary>
    public string Label => Type.ToLowerInvariant();
}

/// <summary>A Notification whose provider cannot be used now: a Ready=False reason (<see cref="NotificationReasons"/>) and why.</summary>
public sealed class ProviderUnavailableException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>Reads a Notification's provider settings, its Secret from the Notification's own namespace.</summary>
public static class ProviderSettingsReader
{
    /// <exception cref="ProviderUnavailableException">The spec is invalid, or the Secret (or a key the provider needs) is missing.</exception>
    public static async Task<ProviderSettings> ReadAsync(IKubernetesApi kube, string ns, NotificationSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(spec);
        var problems = NotificationRules.Validate(spec);
        if (problems.Count > 0)
        {
            throw new ProviderUnavailableException(NotificationReasons.InvalidSpec, string.Join("; ", problems));
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spec.Provider.SecretRef is { } reference)
        {
            var secret = await kube.GetAsync("v1", "Secret", ns, reference.Name, ct)
                ?? throw new ProviderUnavailableException(NotificationReasons.SecretNotFound, $"Secret {ns}/{reference.Name} named by spec.provider.secretRef does not exist");
            foreach (var (key, value) in secret.GetObjectAt("data") ?? [])
            {
                if (value?.GetValue<string>() is { Length: > 0 } encoded)
                {
                    data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Trim();
                }
            }
        }

        var addressText = data.GetValueOrDefault("address") is { Length: > 0 } fromSecret ? fromSecret : spec.Provider.Address;
        Uri? address = null;
        if (!string.IsNullOrEmpty(addressText) && !(Uri.TryCreate(addressText, UriKind.Absolute, out address) && address.Scheme is "http" or "https"))
        {
            // The text is not repeated: the address in a Secret is a credential.
            throw new ProviderUnavailableException(NotificationReasons.InvalidSpec, "the provider address (of the Secret's key \"address\") is not an http or https URL");
        }

        if (NotificationRules.PostsToAddress(spec.Provider.Type) && address is null)
        {
            throw new ProviderUnavailableException(NotificationReasons.SecretNotFound, $"{spec.Provider.Type} needs an address: the Secret {ns}/{spec.Provider.SecretRef?.Name} has no key \"address\" and spec.provider.address is empty");
        }

        var token = data.GetValueOrDefault("token");
        if (!NotificationRules.PostsToAddress(spec.Provider.Type) && string.IsNullOrEmpty(token))
        {
            throw new ProviderUnavailableException(NotificationReasons.SecretNotFound, $"the Secret {ns}/{spec.Provider.SecretRef?.Name} has no key \"token\", which {spec.Provider.Type} commit statuses need");
        }

        return new ProviderSettings(spec.Provider.Type, address, token, data.GetValueOrDefault("signingKey"), data.GetValueOrDefault("username"));
    }
}
