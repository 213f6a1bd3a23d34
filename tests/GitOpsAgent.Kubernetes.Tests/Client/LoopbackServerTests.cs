using System.Security.Cryptography.X509Certificates;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class LoopbackServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
        using var client = new KubernetesClient(new KubernetesClientConfiguration { Server = server.Address, Token = "t" });

        var types = new List<WatchEventType>();
        await foreach (var e in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "1"), Ct))
        {
            types.Add(e.Type);
            firstReceived.TrySetResult();
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], types);
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
        var config = new KubernetesClientConfiguration
        {
            Server = server.Address,
            CertificateAuthorityPem = ca.ExportCertificatePem(),
            ClientCertificatePem = clientCertificate,
            ClientKeyPem = clientKey,
        };
        using var client = new KubernetesClient(config);

        var obj = await client.GetAsync("v1", "ConfigMap", "prod", "a", Ct);

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
        var config = new KubernetesClientConfiguration { Server = server.Address, CertificateAuthorityPem = ca.ExportCertificatePem(), MaxRetries = 0 };
        using var client = new KubernetesClient(config);

        var ex = await Assert.ThrowsAsync<KubernetesException>(() => client.GetApiResourcesAsync(Ct));

        Assert.IsType<HttpRequestException>(ex.InnerException);
    }
}
