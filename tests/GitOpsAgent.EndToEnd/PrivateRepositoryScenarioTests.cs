using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>A private repository over HTTP with basic auth: credentials come from a Secret and leak nowhere.</summary>
public sealed class PrivateRepositoryScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesClient Kube => fx.Cluster.Client;

    [Fact]
    public async Task CredentialsFromSecret_Sync_AndThePasswordAppearsInNoLogEventStatusOrMetric()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-private");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "private") });
        await using var http = await GitHttpTestServer.StartAsync(fx.Git.Root, "deployer", password);
        await Kube.CreateAsync(CredentialsSecret(ns, "git-creds", "deployer", password), default);
        await Kube.CreateAsync(CredentialsSecret(ns, "bad-creds", "deployer", wrongPassword), default);
        await using var controller = await ObservedController.StartAsync(fx.Cluster, ns);

        var good = TestManifests.Application(ns, "good", http.Url(ns), "app");
        good["spec"]!["source"]!["credentialsSecretRef"] = new JsonObject { ["name"] = "git-creds" };
        await Kube.CreateAsync(good, default);
        var bad = TestManifests.Application(ns, "bad", http.Url(ns), "app");
        bad["spec"]!["source"]!["credentialsSecretRef"] = new JsonObject { ["name"] = "bad-creds" };
        await Kube.CreateAsync(bad, default);

        await fx.WaitForSyncAsync(ns, "good", "Synced");
        Assert.Equal("private", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "bad"))?.GetArrayAt("status", "conditions") is { } conditions
            && conditions.OfType<JsonObject>().Any(c => c.GetStringAt("reason") == "AuthenticationFailed"), "an AuthenticationFailed condition on the bad Application");
        Assert.True(http.Unauthorized > 0);

        var authFailed = (await fx.GetApplicationAsync(ns, "bad"))!.GetArrayAt("status", "conditions")!.OfType<JsonObject>().First(c => c.GetStringAt("reason") == "AuthenticationFailed");
        Assert.False(string.IsNullOrEmpty(authFailed.GetStringAt("message")));
        var events = (await AppStatus.EventsAsync(fx.Cluster, ns, "good")).Concat(await AppStatus.EventsAsync(fx.Cluster, ns, "bad")).ToList();
        Assert.NotEmpty(events);
        var metrics = await controller.ScrapeAsync();
        foreach (var secret in new[] { password, wrongPassword })
        {
            Assert.DoesNotContain(controller.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            foreach (var ev in events)
            {
                Assert.DoesNotContain(secret, ev.ToJsonString(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(secret, (await fx.GetApplicationAsync(ns, "good"))!.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, (await fx.GetApplicationAsync(ns, "bad"))!.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }

        // The capture did see the Git traffic, at debug level too, so the absence above means something.
        Assert.Contains(controller.Logs.Lines, line => line.StartsWith("Debug", StringComparison.Ordinal));
        Assert.Contains(controller.Logs.Lines, line => line.Contains(http.Url(ns), StringComparison.Ordinal) && line.Contains("AuthenticationFailed", StringComparison.Ordinal));
    }

    private static JsonObject CredentialsSecret(string ns, string name, string username, string password) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "Opaque",
        ["data"] = new JsonObject
        {
            ["username"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(username)),
            ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
        },
    };
}
