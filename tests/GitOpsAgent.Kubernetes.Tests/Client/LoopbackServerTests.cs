using System.Security.Cryptography.X509Certificates;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using k8s;
using Microsoft.AspNetCore.Http;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class LoopbackServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A kubeconfig (as text, the way a Secret holds one) trusting <paramref name="ca"/>, with <paramref name="user"/> lines.</summary>
    private static string Kubeconfig(Uri server, X509Certificate2 ca, string user) => $"""
        apiVersion: v1
        kind: Config
        current-context: tls
        clusters:
        - name: tls
          cluster:
            server: {server.ToString().TrimEnd('/')}
            certificate-authority-data: {TestCertificates.Base64(ca.ExportCertificatePem())}
        contexts:
        - name: tls
          context: {"{"}cluster: tls, user: tls{"}"}
        users:
        - name: tls
          user:
        {user}
        """;

    [Fact]
    public async Task WatchAsync_RealHttpStream_YieldsEachEventBeforeTheStreamEnds()
    {
        var firstReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"2"}}}""" + "\n");
            await context.Response.Body.FlushAsync();
            // The second event is only written once the client has seen the first: proves events are not buffered.
            await firstReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await context.Response.WriteAsync("""{"type":"DELETED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"3"}}}""" + "\n");
        });
        using var cluster = new KubernetesCluster(new KubernetesClientConfiguration { Host = server.Address.ToString(), AccessToken = "t" });
        var client = cluster.Api;

        var types = new List<WatchEventType>();
        await foreach (var e in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "1"), Ct))
        {
            types.Add(e.Type);
            firstReceived.TrySetResult();
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], types);
    }

    /// <summary>
    /// Why <see cref="KubernetesCluster.WithHeaders"/> takes one value per header: HttpClient joins the values of a
    /// header into one line, and a server (the API server as Kestrel) reads that line as one value, not two.
    /// </summary>
    [Fact]
    public async Task HttpClient_TwoValuesOfOneHeader_ReachTheServerAsOneCommaJoinedValue()
    {
        List<string?>? received = null;
        await using var server = await LoopbackApiServer.StartAsync(context =>
        {
            received = [.. context.Request.Headers["Impersonate-Group"]];
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/anything"));
        request.Headers.TryAddWithoutValidation("Impersonate-Group", ["team-a", "team-b"]);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(["team-a, team-b"], received!);
    }

    [Fact]
    public async Task Request_TlsWithKubeconfigCaAndClientCertificate_NegotiatesHttp2AndPresentsCertificate()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var serverCertificate = TestCertificates.CreateLeaf(ca, "localhost");
        var (clientCertificate, clientKey) = TestCertificates.CreateClientEc("system:gitops-agent");
        string? protocol = null;
        string? clientSubject = null;
        await using var server = await LoopbackApiServer.StartAsync(async context =>
        {
            protocol = context.Request.Protocol;
            clientSubject = (await context.Connection.GetClientCertificateAsync())?.Subject;
            await context.Response.WriteAsync("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""");
        }, serverCertificate);
        var config = KubernetesConfigLoader.FromKubeconfigText(Kubeconfig(server.Address, ca, $"""
                client-certificate-data: {TestCertificates.Base64(clientCertificate)}
                client-key-data: {TestCertificates.Base64(clientKey)}
            """), null);
        using var cluster = new KubernetesCluster(config);

        var obj = await cluster.Api.GetAsync("v1", "ConfigMap", "prod", "a", Ct);

        Assert.NotNull(obj);
        Assert.Equal("HTTP/2", protocol);
        Assert.Equal("CN=system:gitops-agent", clientSubject);
    }

    [Fact]
    public async Task Request_ServerCertificateFromAnotherCa_IsRejected()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var otherCa = TestCertificates.CreateCa("other-ca");
        using var serverCertificate = TestCertificates.CreateLeaf(otherCa, "localhost");
        await using var server = await LoopbackApiServer.StartAsync(context => context.Response.WriteAsync("{}"), serverCertificate);
        var config = KubernetesConfigLoader.FromKubeconfigText(Kubeconfig(server.Address, ca, "    token: t"), null);
        using var cluster = new KubernetesCluster(config, new KubernetesClusterOptions { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<KubernetesException>(() => cluster.Api.GetApiResourcesAsync(Ct));

        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Request_CertificateFromTheCaForAnotherHost_IsRejected()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var otherHost = TestCertificates.CreateLeaf(ca, "kubelet.internal", withLoopbackAddress: false);
        await using var server = await LoopbackApiServer.StartAsync(context => context.Response.WriteAsync("{}"), otherHost);
        var config = KubernetesConfigLoader.FromKubeconfigText(Kubeconfig(server.Address, ca, "    token: t"), null);
        using var cluster = new KubernetesCluster(config, new KubernetesClusterOptions { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<KubernetesException>(() => cluster.Api.GetApiResourcesAsync(Ct));

        Assert.IsType<HttpRequestException>(ex.InnerException);
    }
}
