using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Destinations;

/// <summary>
/// Whether a remote cluster answered its last request (any response below 500), from the request pipeline: a
/// watch that reconnects after an outage answers with its headers, so recovery shows without any extra request.
/// Passes every request on to <paramref name="inner"/> (the request metrics).
/// </summary>
public sealed class ClusterAvailability(IKubernetesRequestObserver? inner) : IKubernetesRequestObserver
{
    private volatile bool _lastRequestFailed;

    /// <summary>The last request got no response (refused, reset, timed out) or a 5xx.</summary>
    public bool LastRequestFailed => _lastRequestFailed;

    public void OnRequest(string verb, string resource, int statusCode, TimeSpan duration)
    {
        _lastRequestFailed = statusCode is 0 or >= 500;
        inner?.OnRequest(verb, resource, statusCode, duration);
    }
}
