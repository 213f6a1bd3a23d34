using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;

namespace GitOpsAgent.Observers;

/// <summary>Feeds the Kubernetes client's request hook into the metrics.</summary>
public sealed class KubernetesRequestMetrics(GitOpsAgentMetrics metrics) : IKubernetesRequestObserver
{
    public void OnRequest(string verb, string resource, int statusCode, TimeSpan duration) => metrics.RecordKubeRequest(verb, resource, statusCode, duration);
}

/// <summary>Feeds the Git cache's request hook into the metrics.</summary>
public sealed class GitRequestMetrics(GitOpsAgentMetrics metrics) : IGitRequestObserver
{
    public void OnRequest(string repo, string requestType, TimeSpan duration, bool success) => metrics.RecordGitRequest(repo, requestType, duration);
}

/// <summary>Feeds the renderer's hook into the metrics.</summary>
public sealed class RenderMetrics(GitOpsAgentMetrics metrics) : IRenderObserver
{
    public void OnRender(string renderer, TimeSpan duration, bool cacheHit) => metrics.RecordRender(renderer, duration, cacheHit);
}
