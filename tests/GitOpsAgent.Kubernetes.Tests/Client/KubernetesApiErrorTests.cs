using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class KubernetesApiErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonObject Deployment = JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"prod"}}
        """)!.AsObject();

    private static FakeApiServer ServerAnsweringApply(Func<HttpResponseMessage> respond) =>
        new(r => r.Method == HttpMethod.Patch ? respond() : null);

    [Fact]
    public async Task ApplyAsync_FieldManagerConflict_ThrowsConflictWithManagersAndFields()
    {
        var causes = """
            [{"reason":"FieldManagerConflict","message":"conflict with \"kubectl\" using apps/v1","field":".spec.replicas"},
             {"reason":"FieldManagerConflict","message":"conflict with \"hpa-controller\" using autoscaling/v1","field":".spec.template.spec.containers[name=\"web\"].image"}]
            """;
        var server = ServerAnsweringApply(() => FakeHttpHandler.Status(409, "Conflict", "Apply failed with 2 conflicts", causes));
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var ex = await Assert.ThrowsAsync<KubernetesConflictException>(() => client.ApplyAsync(Deployment, new ApplyOptions("gitops", Force: false), Ct));

        Assert.False(ex.AlreadyExists);
        Assert.Equal(409, ex.StatusCode);
        Assert.Equal("Apply failed with 2 conflicts", ex.StatusMessage);
        Assert.Equal(
            [new KubernetesFieldConflict("kubectl", ".spec.replicas"), new KubernetesFieldConflict("hpa-controller", ".spec.template.spec.containers[name=\"web\"].image")],
            ex.FieldConflicts);
    }

    [Fact]
    public async Task CreateAsync_AlreadyExists_ThrowsConflictMarkedAlreadyExists()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Post ? FakeHttpHandler.Status(409, "AlreadyExists", "deployments.apps \"web\" already exists") : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var ex = await Assert.ThrowsAsync<KubernetesConflictException>(() => client.CreateAsync(Deployment, Ct));

        Assert.True(ex.AlreadyExists);
    }

    [Fact]
    public async Task ApplyAsync_Invalid_ThrowsInvalidWithFieldCauses()
    {
        var causes = """[{"reason":"FieldValueRequired","message":"Required value","field":"spec.selector"}]""";
        var server = ServerAnsweringApply(() => FakeHttpHandler.Status(422, "Invalid", "Deployment.apps \"web\" is invalid", causes));
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var ex = await Assert.ThrowsAsync<KubernetesInvalidException>(() => client.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct));

        var cause = Assert.Single(ex.Causes);
        Assert.Equal(new KubernetesStatusCause("spec.selector", "Required value", "FieldValueRequired"), cause);
        Assert.Contains("is invalid", ex.Message);
    }

    [Fact]
    public async Task ListAsync_Gone_ThrowsGone()
    {
        var server = new FakeApiServer(r => r.Uri.AbsolutePath == "/api/v1/pods" ? FakeHttpHandler.Status(410, "Expired", "too old resource version") : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var ex = await Assert.ThrowsAsync<KubernetesGoneException>(() => client.ListAsync("v1", "Pod", null, new ListOptions(Continue: "old"), Ct));

        Assert.Equal("Expired", ex.Reason);
    }

    [Fact]
    public async Task ApplyAsync_TooManyRequestsWithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var attempts = 0;
        var server = ServerAnsweringApply(() => ++attempts == 1 ? TooManyRequestsFor(TimeSpan.FromSeconds(3)) : FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        await client.GetApiResourcesAsync(Ct);
        var delays = new List<TimeSpan>();
        cluster.RetryDelay = (delay, _) => { delays.Add(delay); return Task.CompletedTask; };

        await client.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct);

        Assert.Equal(2, attempts);
        Assert.Equal([TimeSpan.FromSeconds(3)], delays);
    }

    [Fact]
    public async Task TooManyRequestsWithRetryAfter_HoldsEveryLaterRequestOfTheCluster_UntilThen()
    {
        var attempts = 0;
        var server = ServerAnsweringApply(() => ++attempts == 1 ? TooManyRequestsFor(TimeSpan.FromSeconds(3)) : FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var cluster = new KubernetesCluster(new KubernetesClientConfiguration { Host = "https://cluster.test:6443", AccessToken = "t" }, timeProvider: time, transport: server.Handler);
        await cluster.Api.GetApiResourcesAsync(Ct);
        var delays = new List<TimeSpan>();
        cluster.RetryDelay = (delay, _) => { delays.Add(delay); return Task.CompletedTask; };

        await cluster.Api.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct);
        time.Advance(TimeSpan.FromSeconds(1));
        await cluster.Api.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        await cluster.Api.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct);

        // The refused request waits 3 s; one sent 1 s later waits out the 2 s left; one sent after the hold does not wait.
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task ApplyAsync_PersistentServerError_RetriesBoundedWithGrowingBackoffThenThrows()
    {
        var attempts = 0;
        var server = ServerAnsweringApply(() => { attempts++; return FakeHttpHandler.Status(503, "ServiceUnavailable", "etcd is down"); });
        using var cluster = server.CreateCluster(options: new KubernetesClusterOptions { MaxRetries = 3 });
        var client = cluster.Api;
        await client.GetApiResourcesAsync(Ct);
        var delays = new List<TimeSpan>();
        cluster.RetryDelay = (delay, _) => { delays.Add(delay); return Task.CompletedTask; };

        var ex = await Assert.ThrowsAsync<KubernetesServerBusyException>(() => client.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(4, attempts);
        Assert.Equal(3, delays.Count);
        Assert.True(delays[0] < delays[1] && delays[1] < delays[2]);
    }

    [Fact]
    public async Task Errors_FromServer_NeverCarryTheToken()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Status(403, "Forbidden", "User cannot patch deployments") : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ApplyAsync(Deployment, new ApplyOptions("gitops"), Ct));

        Assert.Equal(403, ex.StatusCode);
        Assert.DoesNotContain("s3cr3t-token", ex.ToString());
        Assert.DoesNotContain("Bearer", ex.ToString());
    }

    [Fact]
    public async Task Request_NoResponseWithinTimeout_ThrowsTimeout()
    {
        using var cluster = new KubernetesCluster(new KubernetesClientConfiguration { Host = "https://c.test" },
            new KubernetesClusterOptions { RequestTimeout = TimeSpan.FromMilliseconds(50) }, transport: new HangingHandler());

        var ex = await Assert.ThrowsAsync<KubernetesTimeoutException>(() => cluster.Api.GetApiResourcesAsync(Ct));

        Assert.Contains("discovery /api", ex.Message);
    }

    [Fact]
    public async Task Request_ConnectionRefused_ThrowsKubernetesExceptionWithTheTransportError()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        using var cluster = new KubernetesCluster(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, new KubernetesClusterOptions { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<KubernetesException>(() => cluster.Api.GetApiResourcesAsync(Ct));

        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    private sealed class HangingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>API Priority and Fairness refusing a request: 429 with Retry-After.</summary>
    private static HttpResponseMessage TooManyRequestsFor(TimeSpan retryAfter)
    {
        var busy = FakeHttpHandler.Status(429, "TooManyRequests", "slow down");
        busy.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return busy;
    }

}
