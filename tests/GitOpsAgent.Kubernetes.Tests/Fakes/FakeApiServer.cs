using System.Net;
using k8s;

namespace GitOpsAgent.Kubernetes.Tests.Fakes;

/// <summary>Discovery documents for core/v1, apps/v1 and coordination.k8s.io/v1, plus per-test routes for everything else.</summary>
public sealed class FakeApiServer
{
    public const string CoreV1 = """
        {"kind":"APIResourceList","groupVersion":"v1","resources":[
          {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"]},
          {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"]},
          {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list","watch"]},
          {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]},
          {"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]}]}
        """;

    public const string AppsV1 = """
        {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
          {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","delete","get","list","patch","update","watch"]},
          {"name":"deployments/status","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get","patch","update"]},
          {"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]}]}
        """;

    public const string CoordinationV1 = """
        {"kind":"APIResourceList","groupVersion":"coordination.k8s.io/v1","resources":[
          {"name":"leases","singularName":"lease","namespaced":true,"kind":"Lease","verbs":["create","delete","get","list","patch","update","watch"]}]}
        """;

    public const string Groups = """
        {"kind":"APIGroupList","apiVersion":"v1","groups":[
          {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
          {"name":"coordination.k8s.io","versions":[{"groupVersion":"coordination.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"coordination.k8s.io/v1","version":"v1"}},
          {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}}]}
        """;

    private readonly Func<RecordedRequest, HttpResponseMessage?> _routes;

    public FakeApiServer(Func<RecordedRequest, HttpResponseMessage?>? routes = null)
    {
        _routes = routes ?? (_ => null);
        Handler = new FakeHttpHandler(Respond);
    }

    public FakeHttpHandler Handler { get; }

    /// <summary>Requests other than discovery.</summary>
    public IReadOnlyList<RecordedRequest> ApiRequests => Handler.Requests.Where(r => !IsDiscovery(r.Uri.AbsolutePath)).ToList();

    public static bool IsDiscovery(string path) => Path(path) is "/api" or "/apis" or "/api/v1" || (path.StartsWith("/apis/", StringComparison.Ordinal) && Path(path).Count(c => c == '/') == 3);

    /// <summary>A cluster whose requests this fake answers; retries do not wait.</summary>
    public KubernetesCluster CreateCluster(IKubernetesRequestObserver? observer = null, KubernetesClientConfiguration? configuration = null, KubernetesClusterOptions? options = null)
    {
        var cluster = new KubernetesCluster(configuration ?? new KubernetesClientConfiguration { Host = "https://cluster.test:6443", AccessToken = "s3cr3t-token" },
            options, observer, transport: Handler);
        cluster.RetryDelay = (_, _) => Task.CompletedTask;
        return cluster;
    }

    /// <summary>The library asks for /api/ and /api/v1/; the server answers with or without the slash.</summary>
    private static string Path(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private HttpResponseMessage Respond(RecordedRequest request)
    {
        if (_routes(request) is { } routed)
        {
            return routed;
        }

        return Path(request.Uri.AbsolutePath) switch
        {
            "/api" => FakeHttpHandler.Json(HttpStatusCode.OK, """{"kind":"APIVersions","versions":["v1"]}"""),
            "/api/v1" => FakeHttpHandler.Json(HttpStatusCode.OK, CoreV1),
            "/apis" => FakeHttpHandler.Json(HttpStatusCode.OK, Groups),
            "/apis/apps/v1" => FakeHttpHandler.Json(HttpStatusCode.OK, AppsV1),
            "/apis/coordination.k8s.io/v1" => FakeHttpHandler.Json(HttpStatusCode.OK, CoordinationV1),
            "/apis/metrics.k8s.io/v1beta1" => FakeHttpHandler.Status(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
            _ => FakeHttpHandler.Status(404, "NotFound", "the server could not find the requested resource"),
        };
    }
}
