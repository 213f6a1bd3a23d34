using System.Text.Json.Nodes;
using System.Text;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>A private repository over HTTP with basic auth: credentials come from a Secret and leak nowhere.</summary>
public sealed class PrivateRepositoryScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task CredentialsFromSecret_Sync_AndThePasswordAppearsInNoLogEventStatusOrMetric()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-private");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "private") });
        await using var http = await GitHttpServer.StartAsync(fx.Git.Root, "deployer", password);
        await Kube.CreateAsync(CredentialsSecret(ns, "git-creds", "deployer", password), default);
        await Kube.CreateAsync(CredentialsSecret(ns, "bad-creds", "deployer", wrongPassword), default);
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 2, captureLogs: true);

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
            Assert.DoesNotContain(controller.Logs!.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            foreach (var ev in events)
            {
                Assert.DoesNotContain(secret, ev.ToJsonString(), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(secret, (await fx.GetApplicationAsync(ns, "good"))!.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, (await fx.GetApplicationAsync(ns, "bad"))!.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }

        // The capture did see the Git traffic, at debug level too, so the absence above means something.
        Assert.Contains(controller.Logs!.Lines, line => line.StartsWith("Debug", StringComparison.Ordinal));
        Assert.Contains(controller.Logs!.Lines, line => line.Contains(http.Url(ns), StringComparison.Ordinal) && line.Contains("AuthenticationFailed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppsWithoutOrWithWrongCredentials_AreRefused_WhileAnotherAppSyncsTheSameRepository_UntilTheSecretIsFixed()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-private2");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["good/cm.yaml"] = TestManifests.ConfigMap("good", "1"),
            ["bad/cm.yaml"] = TestManifests.ConfigMap("bad", "1"),
            ["anonymous/cm.yaml"] = TestManifests.ConfigMap("anonymous", "1"),
        });
        await using var http = await GitHttpServer.StartAsync(fx.Git.Root, "deployer", password);
        await Kube.CreateAsync(CredentialsSecret(ns, "git-creds", "deployer", password), default);
        await Kube.CreateAsync(CredentialsSecret(ns, "bad-creds", "deployer", "not-" + password), default);
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 2, captureLogs: true);
        var good = TestManifests.Application(ns, "good", http.Url(ns), "good");
        good["spec"]!["source"]!["credentialsSecretRef"] = new JsonObject { ["name"] = "git-creds" };
        await Kube.CreateAsync(good, default);
        await fx.WaitForSyncAsync(ns, "good", "Synced");

        // The repository is now cached for "good": the others must still prove their own credentials.
        var bad = TestManifests.Application(ns, "bad", http.Url(ns), "bad");
        bad["spec"]!["source"]!["credentialsSecretRef"] = new JsonObject { ["name"] = "bad-creds" };
        await Kube.CreateAsync(bad, default);
        await Kube.CreateAsync(TestManifests.Application(ns, "anonymous", http.Url(ns), "anonymous"), default);
        foreach (var name in new[] { "bad", "anonymous" })
        {
            await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, name), "Ready", "False", "AuthenticationFailed"),
                $"{name} to be refused with AuthenticationFailed");
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", ns, "bad", default));
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", ns, "anonymous", default));

        // Rotating the Secret to the right password lets "bad" in (within its retry backoff).
        await Kube.PatchAsync("v1", "Secret", ns, "bad-creds", new JsonObject { ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)) } }, PatchType.Merge, default);
        await fx.WaitForSyncAsync(ns, "bad", "Synced", timeout: TimeSpan.FromSeconds(60));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "bad", default));
        Assert.DoesNotContain(controller.Logs!.Lines, line => line.Contains(password, StringComparison.Ordinal));
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
