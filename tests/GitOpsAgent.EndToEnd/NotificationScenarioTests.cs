using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Notifications;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// Notifications from the real controller: one receiver on 127.0.0.1 stands in for a webhook receiver
/// (docs/notifications.md: body and HMAC), Slack (https://api.slack.com/messaging/webhooks), Teams
/// (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using) and
/// GitHub's commit statuses (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status).
/// </summary>
public sealed class NotificationScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string SigningKey = "e2e-signing-key";
    private const string Broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {value: [1, 2\n  other: x\n";

    private async Task CreateAsync(JsonObject obj) => await fx.Cluster.Client.CreateAsync(obj, default);

    private static JsonObject Secret(string ns, string name, string key, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
    };

    private static JsonObject Notification(string ns, string name, JsonObject provider, JsonObject? rateLimit = null)
    {
        var spec = new JsonObject { ["provider"] = provider };
        if (rateLimit is not null)
        {
            spec["rateLimit"] = rateLimit;
        }

        return new JsonObject
        {
            ["apiVersion"] = "gitopsagent.io/v1alpha1",
            ["kind"] = "Notification",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private Task WaitReadyAsync(string ns, string revision, bool ready = true) =>
        fx.Cluster.WaitAsync(async () =>
        {
            var app = await fx.GetApplicationAsync(ns, "app");
            return ready
                ? AppStatus.HasCondition(app, "Ready", "True") && app!.GetStringAt("status", "lastAppliedRevision") == revision
                : AppStatus.HasCondition(app, "Ready", "False", "InvalidManifest") && app!.GetStringAt("status", "lastAttemptedRevision") == revision;
        }, $"app {(ready ? "Ready" : "failing")} at {revision[..7]}", TimeSpan.FromSeconds(60));

    private static JsonObject FastRetries(JsonObject app)
    {
        app["spec"]!["syncPolicy"]!["retry"] = new JsonObject { ["backoff"] = new JsonObject { ["duration"] = "300ms", ["factor"] = 1.01, ["maxDuration"] = "500ms" } };
        return app;
    }

    [Fact]
    public async Task SyncFailureAndRecovery_EachSendOneMessageToEveryProvider_WithCommitStatusesOnTheRightSha()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-notify");
        await using var receiver = await RecordingHttpServer.StartAsync();
        await CreateAsync(Secret(ns, "slack", "address", receiver.BaseUrl + "/slack/services/T1/B1/secret"));
        await CreateAsync(Secret(ns, "hook", "signingKey", SigningKey));
        await CreateAsync(Secret(ns, "github", "token", "e2e-status-token"));
        await CreateAsync(Notification(ns, "hook", new JsonObject { ["type"] = "Webhook", ["address"] = receiver.BaseUrl + "/webhook", ["secretRef"] = new JsonObject { ["name"] = "hook" } }));
        await CreateAsync(Notification(ns, "slack", new JsonObject { ["type"] = "Slack", ["secretRef"] = new JsonObject { ["name"] = "slack" } }));
        await CreateAsync(Notification(ns, "teams", new JsonObject { ["type"] = "Teams", ["address"] = receiver.BaseUrl + "/teams" }));
        await CreateAsync(Notification(ns, "github", new JsonObject { ["type"] = "GitHub", ["address"] = receiver.BaseUrl + "/api/v3", ["secretRef"] = new JsonObject { ["name"] = "github" } }));
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        var synced = await repo.HeadAsync();
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await CreateAsync(FastRetries(TestManifests.Application(ns, "app", repo.Url, "app")));

        await WaitReadyAsync(ns, synced);
        await receiver.WaitForAsync(_ => true, count: 4);
        repo.WriteFile("app/cm.yaml", Broken);
        var broken = await repo.CommitAsync("broken");
        await WaitReadyAsync(ns, broken, ready: false);
        await receiver.WaitForAsync(_ => true, count: 8);
        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "two"));
        var fixedAt = await repo.CommitAsync("fixed");
        await WaitReadyAsync(ns, fixedAt);
        await receiver.WaitForAsync(_ => true, count: 12);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var hooks = receiver.Requests.Where(r => r.Path == "/webhook").ToList();
        Assert.Equal(["Synced", "SyncFailed", "Recovered"], hooks.Select(h => h.Json!["event"]!.GetValue<string>()));
        Assert.Equal([synced, broken, fixedAt], hooks.Select(h => h.Json!["revision"]!.GetValue<string>()));
        Assert.All(hooks, h => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), h.Body)), h.Header(NotificationSender.SignatureHeader)));
        Assert.Contains("app/cm.yaml:", hooks[1].Json!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, receiver.Requests.Count(r => r.Path == "/slack/services/T1/B1/secret"));
        Assert.Equal(3, receiver.Requests.Count(r => r.Path == "/teams"));
        var statuses = receiver.Requests.Where(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal)).ToList();
        var repoPath = Forges.ForgeAddress.RepositoryPath(repo.Url);
        Assert.Equal([$"/api/v3/repos/{repoPath}/statuses/{synced}", $"/api/v3/repos/{repoPath}/statuses/{broken}", $"/api/v3/repos/{repoPath}/statuses/{fixedAt}"], statuses.Select(s => s.Path));
        Assert.Equal(["success", "failure", "success"], statuses.Select(s => s.Json!["state"]!.GetValue<string>()));
        Assert.Equal(12, receiver.Requests.Count);

        var notification = await fx.Cluster.Client.GetAsync("gitopsagent.io/v1alpha1", "Notification", ns, "slack", default);
        Assert.True(AppStatus.HasCondition(notification, "Ready", "True", "Succeeded"));
        Assert.DoesNotContain("secret", notification!.GetObjectAt("status")!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlappingApplication_DoesNotFlood_AndAFailingProviderNeverFailsTheSync()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-notify-flap");
        await using var receiver = await RecordingHttpServer.StartAsync();
        await using var down = await RecordingHttpServer.StartAsync();
        down.Respond(_ => new RecordedResponse(500, new JsonObject { ["error"] = "down" }));
        await CreateAsync(Notification(ns, "hook", new JsonObject { ["type"] = "Webhook", ["address"] = receiver.BaseUrl + "/webhook" },
            new JsonObject { ["burst"] = 2, ["interval"] = "1h" }));
        await CreateAsync(Notification(ns, "down", new JsonObject { ["type"] = "Slack", ["address"] = down.BaseUrl + "/slack" }));
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await CreateAsync(FastRetries(TestManifests.Application(ns, "app", repo.Url, "app")));
        await WaitReadyAsync(ns, await repo.HeadAsync());

        for (var i = 0; i < 3; i++)
        {
            repo.WriteFile("app/cm.yaml", Broken);
            await WaitReadyAsync(ns, await repo.CommitAsync($"broken {i}"), ready: false);
            repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", $"fixed-{i}"));
            await WaitReadyAsync(ns, await repo.CommitAsync($"fixed {i}"));
        }

        await Task.Delay(TimeSpan.FromSeconds(3));

        // Seven transitions (the first sync, three failures, three recoveries): the burst of two, the rest held back.
        Assert.Equal(2, receiver.Requests.Count);
        var metrics = await controller.ScrapeAsync();
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("gitopsagent_notification_deliveries_total{", StringComparison.Ordinal)
            && l.Contains($"namespace=\"{ns}\"", StringComparison.Ordinal) && l.Contains("result=\"suppressed\"", StringComparison.Ordinal));

        // The provider that answers 500 is the Notification's condition and a counted failure; the Application is Ready.
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.Cluster.Client.GetAsync("gitopsagent.io/v1alpha1", "Notification", ns, "down", default), "Ready", "False", "ProviderFailed"),
            "the failing provider's Notification to say ProviderFailed", TimeSpan.FromSeconds(60));
        Assert.True(AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "app"), "Ready", "True"));
        Assert.Contains((await controller.ScrapeAsync()).Split('\n'), l => l.StartsWith("gitopsagent_notification_deliveries_total{", StringComparison.Ordinal)
            && l.Contains("name=\"down\"", StringComparison.Ordinal) && l.Contains("result=\"failed\"", StringComparison.Ordinal));
    }
}
