namespace GitOpsAgent.Kubernetes;

/// <summary>Told about every API request (for metrics). Verb is get/list/watch/apply/patch/create/update/delete; resource is the plural; status 0 when no response arrived.</summary>
public interface IKubernetesRequestObserver
{
    void OnRequest(string verb, string resource, int statusCode, TimeSpan duration);
}
