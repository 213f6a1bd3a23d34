namespace GitOpsAgent.Kubernetes;

/// <summary>Base of every failure of this client. Messages never contain credentials.</summary>
public class KubernetesException : Exception
{
    public KubernetesException(string message) : base(message) { }

    public KubernetesException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>No usable configuration, or a configuration that cannot be used (names where it looked, never secrets).</summary>
public sealed class KubernetesConfigException(string message, Exception? inner = null) : KubernetesException(message, inner);

/// <summary>Discovery does not know the kind, even after a refresh.</summary>
public sealed class KubernetesUnknownKindException(string apiVersion, string kind)
    : KubernetesException($"the server does not know kind {kind} in {apiVersion} (is its CRD installed?)")
{
    public string ApiVersion { get; } = apiVersion;

    public string Kind { get; } = kind;
}

/// <summary>A request got no answer within the configured timeout.</summary>
public sealed class KubernetesTimeoutException(string request, TimeSpan timeout, Exception? inner = null)
    : KubernetesException($"{request}: no response within {timeout.TotalSeconds:0.#}s", inner);
