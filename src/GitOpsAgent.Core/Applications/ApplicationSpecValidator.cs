namespace GitOpsAgent.Core.Applications;

/// <summary>
/// What the controller refuses in a spec before it reads or writes anything. The CRD schema catches most of it at
/// admission; this catches what a schema cannot (references across namespaces) and guards against an older CRD.
/// </summary>
public static partial class ApplicationSpecValidator
{
    /// <summary>The values spec.source.renderer takes (the CRD's enum); the CLI's --renderer takes the same.</summary>
    public static IReadOnlyList<string> Renderers { get; } = ["Auto", "Plain", "Kustomize", "Helm"];

    private static readonly string[] DeletionPolicies = ["Orphan", "Delete"];

    /// <summary>Every problem, each naming the field (empty when the spec is fine).</summary>
    public static IReadOnlyList<string> Validate(ApplicationSpec spec, string applicationNamespace)
    {
        var problems = new List<string>();
        var source = spec.Source;
        if (string.IsNullOrWhiteSpace(source.RepoURL))
        {
            problems.Add("spec.source.repoURL is empty");
        }
        else if (source.RepoURL.StartsWith('-'))
        {
            problems.Add($"spec.source.repoURL \"{source.RepoURL}\" must not start with '-'");
        }

        CheckSecretReference(problems, "spec.source.credentialsSecretRef", source.CredentialsSecretRef, applicationNamespace);
        ChartSourceRules.Check(problems, spec, applicationNamespace);

        if (source.Renderer is { Length: > 0 } renderer && !Renderers.Contains(renderer, StringComparer.Ordinal))
        {
            problems.Add($"spec.source.renderer \"{renderer}\" is not one of {string.Join(", ", Renderers)}");
        }

        if (spec.DeletionPolicy is { Length: > 0 } policy && !DeletionPolicies.Contains(policy, StringComparer.Ordinal))
        {
            problems.Add($"spec.deletionPolicy \"{policy}\" is not one of {string.Join(", ", DeletionPolicies)}");
        }

        if (spec.ServiceAccountName is { Length: > 0 } account && !IsDnsSubdomain(account))
        {
            problems.Add($"spec.serviceAccountName \"{account}\" is not a ServiceAccount name (lowercase letters, digits, '-' and '.', at most 253)");
        }

        CheckKubeConfig(problems, spec.Destination?.KubeConfig);
        CheckDuration(problems, "spec.syncPolicy.interval", spec.SyncPolicy?.Interval);
        CheckDuration(problems, "spec.syncPolicy.waveTimeout", spec.SyncPolicy?.WaveTimeout);
        foreach (var (dependency, index) in (spec.DependsOn ?? []).Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(dependency.Name))
            {
                problems.Add($"spec.dependsOn[{index}].name is empty");
            }
        }

        CheckSubstitution(problems, spec);
        var retry = spec.SyncPolicy?.Retry;
        CheckDuration(problems, "spec.syncPolicy.retry.backoff.duration", retry?.Backoff?.Duration);
        CheckDuration(problems, "spec.syncPolicy.retry.backoff.maxDuration", retry?.Backoff?.MaxDuration);
        if (retry?.Limit is < 0)
        {
            problems.Add($"spec.syncPolicy.retry.limit {retry.Limit} must not be negative");
        }

        if (retry?.Backoff?.Factor is < 1)
        {
            problems.Add($"spec.syncPolicy.retry.backoff.factor {retry.Backoff.Factor} must be at least 1");
        }

        return problems;
    }

    /// <summary>Reading a Secret of another namespace would let any Application author send its credentials to a server of theirs.</summary>
    internal static void CheckSecretReference(List<string> problems, string field, SecretReference? reference, string applicationNamespace)
    {
        if (reference is { Namespace: { Length: > 0 } ns } && ns != applicationNamespace)
        {
            problems.Add($"{field} must name a Secret in the Application's namespace \"{applicationNamespace}\", not \"{ns}\"");
        }
    }

    private static void CheckSubstitution(List<string> problems, ApplicationSpec spec)
    {
        foreach (var name in (spec.Substitute ?? []).Keys.Where(n => !Variables.VariableSet.IsUserName(n)))
        {
            problems.Add($"spec.substitute key \"{name}\" is not a variable name (letters, digits and '_', not starting with a digit)");
        }

        foreach (var (reference, index) in (spec.SubstituteFrom ?? []).Select((r, i) => (r, i)))
        {
            if (reference.Kind is not (SubstituteReference.ConfigMapKind or SubstituteReference.SecretKind))
            {
                problems.Add($"spec.substituteFrom[{index}].kind \"{reference.Kind}\" is not ConfigMap or Secret");
            }

            if (!IsDnsSubdomain(reference.Name))
            {
                problems.Add($"spec.substituteFrom[{index}].name \"{reference.Name}\" is not an object name (lowercase letters, digits, '-' and '.')");
            }
        }
    }

    private static void CheckKubeConfig(List<string> problems, KubeConfigReference? kubeConfig)
    {
        if (kubeConfig is null)
        {
            return;
        }

        if (!IsDnsSubdomain(kubeConfig.SecretRef.Name))
        {
            problems.Add($"spec.destination.kubeConfig.secretRef.name \"{kubeConfig.SecretRef.Name}\" is not a Secret name (lowercase letters, digits, '-' and '.', at most 253)");
        }

        if (kubeConfig.SecretRef.Key is { Length: > 0 } key && !SecretKey().IsMatch(key))
        {
            problems.Add($"spec.destination.kubeConfig.secretRef.key \"{key}\" is not a Secret data key (letters, digits, '-', '_' and '.')");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$")]
    private static partial System.Text.RegularExpressions.Regex SecretKey();

    /// <summary>A DNS-1123 subdomain, what ServiceAccount names are: no ':' can make the impersonated user another one.</summary>
    private static bool IsDnsSubdomain(string name) => name.Length <= 253 && DnsSubdomain().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex DnsSubdomain();

    private static void CheckDuration(List<string> problems, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && (!GoDuration.TryParse(value, out var duration) || duration <= TimeSpan.Zero))
        {
            problems.Add($"{field} \"{value}\" is not a positive duration such as 30s, 3m or 1h30m");
        }
    }
}
