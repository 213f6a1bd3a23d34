namespace GitOpsAgent.Kubernetes;

/// <summary>A kubeconfig exec credential plugin (client.authentication.k8s.io/v1 or v1beta1). Env values are redacted in <see cref="ToString"/>.</summary>
public sealed record ExecCredentialConfig(string ApiVersion, string Command, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env)
{
    public override string ToString() =>
        $"exec {Command} ({Args.Count} args, env {string.Join(", ", Env.Keys.Select(k => k + "=[redacted]"))})";
}
