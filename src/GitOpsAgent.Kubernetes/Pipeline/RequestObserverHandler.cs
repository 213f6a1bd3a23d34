namespace GitOpsAgent.Kubernetes;

/// <summary>Tells the observer about every request that reaches the network (each retry too), with status 0 when no response came.</summary>
internal sealed class RequestObserverHandler(IKubernetesRequestObserver observer, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var info = RequestInfo.Of(request);
        var started = time.GetTimestamp();
        var status = 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            observer.OnRequest(info.Verb, info.Resource, status, time.GetElapsedTime(started));
        }
    }
}
