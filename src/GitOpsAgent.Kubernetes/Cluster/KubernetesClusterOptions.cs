namespace GitOpsAgent.Kubernetes;

/// <summary>How we use one cluster's connection: the client-side rate limit, retries and the request timeout.</summary>
public sealed record KubernetesClusterOptions
{
    /// <summary>Client-side rate limit: sustained requests per second.</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Client-side rate limit: requests allowed at once above the sustained rate.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Retries of 429/5xx answers (and of failed GET connections) before the error is thrown.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Timeout of one non-watch call, its retries included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
