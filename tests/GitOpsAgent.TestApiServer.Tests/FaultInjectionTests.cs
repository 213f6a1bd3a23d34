using System.Net;
using GitOpsAgent.TestApiServer.Diagnostics;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class FaultInjectionTests : ServerTestBase
{
    [Fact]
    public async Task Fault_503WithRetryAfter_FiresNTimesThenSucceeds()
    {
        Server.Faults.Add(new Fault { Verb = "list", Resource = "configmaps", StatusCode = 503, RetryAfterSeconds = 2, Times = 2 });
        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;

        for (var i = 0; i < 3; i++)
        {
            using var response = await Api.Http.GetAsync(Objects.ConfigMaps, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal("2", retryAfter);
        Assert.Equal(0, Server.Faults.Pending);
    }

    [Fact]
    public async Task Fault_OtherResource_IsNotAffected()
    {
        Server.Faults.Add(new Fault { Resource = "secrets", StatusCode = 500 });

        var (status, _) = await Api.GetAsync(Objects.ConfigMaps);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, Server.Faults.Pending);
    }

    [Fact]
    public async Task Fault_DropConnection_FailsTheRequest()
    {
        Server.Faults.Add(new Fault { Verb = "get", DropConnection = true });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Api.GetAsync(Objects.ConfigMaps + "/x"));
    }

    [Fact]
    public async Task Requests_AreCountedByVerbResourceAndNamespace()
    {
        Server.Requests.Reset();
        await Api.GetAsync(Objects.ConfigMaps);
        await Api.GetAsync(Objects.ConfigMaps + "/missing");
        await Api.ApplyAsync(Objects.ConfigMaps + "/c", Objects.ConfigMap("c"), "m");
        await Api.MergePatchAsync(Objects.ConfigMaps + "/c", """{"data":{"b":"2"}}""", "m");
        await Api.GetAsync("/apis");

        Assert.Equal(1, Server.Requests.Count("list", "configmaps"));
        Assert.Equal(1, Server.Requests.Count("get", "configmaps", "default"));
        Assert.Equal(1, Server.Requests.Count("apply", "configmaps"));
        Assert.Equal(1, Server.Requests.Count("patch"));
        Assert.Equal(1, Server.Requests.Count("discovery"));
        Assert.Equal(2, Server.Requests.Writes);
        Assert.Equal(5, Server.Requests.Total);
    }
}
