using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Notifications;
using GitOpsAgent.TestSupport;
using static GitOpsAgent.Tests.Notifications.NotificationTestBed;

namespace GitOpsAgent.Tests.Notifications;

/// <summary>
/// Transitions of Applications reach each provider once, as its documented API expects: the generic webhook's body
/// and HMAC signature (docs/notifications.md), Slack's incoming webhook JSON (https://api.slack.com/messaging/webhooks),
/// a Teams message with an Adaptive Card attachment
/// (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using), and a
/// GitHub commit status on the right commit (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status).
/// </summary>
public sealed class NotificationControllerTests : IAsyncLifetime
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "cccccccccccccccccccccccccccccccccccccccc";
    private const string D = "dddddddddddddddddddddddddddddddddddddddd";
    private NotificationTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private JsonObject Provider(string type, string? secret = null, string? address = null)
    {
        var provider = new JsonObject { ["type"] = type };
        if (secret is not null)
        {
            provider["secretRef"] = new JsonObject { ["name"] = secret };
        }

        if (address is not null)
        {
            provider["address"] = address;
        }

        return provider;
    }

    private void AddEveryProvider()
    {
        _bed.AddNotification("hook", Provider("Webhook", "hook", _bed.Receiver.BaseUrl + "/webhook"));
        _bed.AddNotification("slack", Provider("Slack", "slack"));
        _bed.AddNotification("teams", Provider("Teams", address: _bed.Receiver.BaseUrl + "/teams/workflow"));
        _bed.AddNotification("github", Provider("GitHub", "github", _bed.Receiver.BaseUrl + "/api/v3"));
    }

    private IReadOnlyList<RecordedRequest> To(string prefix) => _bed.Receiver.Requests.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task SyncFailureAndRecovery_EachSendOneMessageToEveryProvider_WithCommitStatusesOnTheRightCommit()
    {
        AddEveryProvider();
        _bed.AddApplication("web", Statuses.Synced(A));
        await _bed.StartControllerAsync();
        await EventuallyAsync(() => new[] { "hook", "slack", "teams", "github" }.All(n => _bed.Ready(n) is not null), "every Notification to be checked");
        Assert.Empty(_bed.Receiver.Requests);

        await _bed.SetStatusAsync("web", Statuses.Synced(B, "2026-01-01T12:01:00Z"));
        await _bed.Receiver.WaitForAsync(_ => true, count: 4);
        await _bed.SetStatusAsync("web", Statuses.Failing(C, B, "InvalidManifest", "apps/web/deploy.yaml:7: did not find expected ',' or ']'", "2026-01-01T12:01:00Z"));
        await _bed.Receiver.WaitForAsync(_ => true, count: 8);
        // A retry of the same failure changes nothing a reader would want to hear about.
        await _bed.SetStatusAsync("web", Statuses.Failing(C, B, "InvalidManifest", "apps/web/deploy.yaml:7: did not find expected ',' or ']'", "2026-01-01T12:01:00Z"));
        await _bed.SetStatusAsync("web", Statuses.Synced(D, "2026-01-01T12:05:00Z"));
        await _bed.Receiver.WaitForAsync(_ => true, count: 12);
        await Task.Delay(300);

        // Webhook: our body, event header, a delivery id and the HMAC of exactly the bytes sent.
        var hooks = To("/webhook");
        Assert.Equal(["Synced", "SyncFailed", "Recovered"], hooks.Select(h => h.Json!["event"]!.GetValue<string>()));
        Assert.All(hooks, h =>
        {
            Assert.Equal("POST", h.Method);
            Assert.StartsWith("application/json", h.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal(h.Json!["event"]!.GetValue<string>(), h.Header(NotificationSender.EventHeader));
            Assert.True(Guid.TryParse(h.Header(NotificationSender.DeliveryHeader), out _));
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), h.Body)), h.Header(NotificationSender.SignatureHeader));
            Assert.Equal("shop", h.Json!["application"]!["namespace"]!.GetValue<string>());
        });
        Assert.Equal([B, C, D], hooks.Select(h => h.Json!["revision"]!.GetValue<string>()));
        Assert.Contains("apps/web/deploy.yaml:7", hooks[1].Json!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Slack: a "text" every compatible receiver shows, and blocks.
        var slack = To("/slack");
        Assert.Equal(3, slack.Count);
        Assert.All(slack, s => Assert.Equal(SlackPath, s.Path));
        Assert.Contains("*shop/web: SyncFailed*", slack[1].Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("section", slack[1].Json!["blocks"]![0]!["type"]!.GetValue<string>());

        // Teams: a message whose one attachment is an Adaptive Card.
        var teams = To("/teams");
        Assert.Equal(3, teams.Count);
        var attachment = teams[2].Json!["attachments"]![0]!;
        Assert.Equal("message", teams[2].Json!["type"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", attachment["content"]!["type"]!.GetValue<string>());
        Assert.Equal("shop/web: Recovered", attachment["content"]!["body"]![0]!["text"]!.GetValue<string>());

        // GitHub: success on the applied commit, failure on the one that failed, success on the fix.
        var statuses = To("/api/v3");
        Assert.Equal([$"/api/v3/repos/acme/config/statuses/{B}", $"/api/v3/repos/acme/config/statuses/{C}", $"/api/v3/repos/acme/config/statuses/{D}"], statuses.Select(s => s.Path));
        Assert.Equal(["success", "failure", "success"], statuses.Select(s => s.Json!["state"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("gitops-agent/shop/web", s.Json!["context"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("Bearer " + GitHubToken, s.Header("Authorization")));

        var ready = _bed.Ready("slack")!;
        Assert.Equal(("True", "Succeeded"), (ready["status"]!.GetValue<string>(), ready["reason"]!.GetValue<string>()));
        Assert.Equal(12, _bed.Deliveries.GetMeasurementSnapshot().Where(m => (string?)m.Tags["result"] == "sent").Sum(m => m.Value));
    }

    [Fact]
    public async Task FlappingApplication_GetsTheBurstThenOneFoldedMessagePerInterval()
    {
        _bed.AddNotification("hook", Provider("Webhook", "hook", _bed.Receiver.BaseUrl + "/webhook"), new JsonObject { ["rateLimit"] = new JsonObject { ["burst"] = 3, ["interval"] = "1m" } });
        _bed.AddApplication("web", Statuses.Synced(A));
        await _bed.StartControllerAsync();
        await EventuallyAsync(() => _bed.Ready("hook") is not null, "the Notification to be checked");

        for (var i = 0; i < 20; i++)
        {
            await _bed.SetStatusAsync("web", i % 2 == 0 ? Statuses.Failing(B, A, i % 4 == 0 ? "ApplyFailed" : "InvalidManifest", "broken") : Statuses.Synced(A));
        }

        await _bed.Receiver.WaitForAsync(_ => true, count: 3);
        await Task.Delay(500);
        Assert.Equal(3, _bed.Receiver.Requests.Count);
        await EventuallyAsync(() => _bed.Deliveries.GetMeasurementSnapshot().Count(m => (string?)m.Tags["result"] == "suppressed") == 17, "17 suppressed transitions");

        await _bed.AdvanceUntilAsync(() => _bed.Receiver.Requests.Count == 4, TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        Time(TimeSpan.FromMinutes(10));
        await Task.Delay(300);

        var requests = _bed.Receiver.Requests;
        Assert.Equal(4, requests.Count);
        var folded = requests[3].Json!["folded"]!;
        Assert.Equal(16, folded["count"]!.GetValue<int>());
        Assert.Equal("Recovered", requests[3].Json!["event"]!.GetValue<string>());
    }

    private void Time(TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromSeconds(30))
        {
            _bed.Time.Advance(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task FailingProvider_RetriesThenSetsProviderFailedAndCountsIt_AndClearsOnTheNextDelivery()
    {
        var failing = true;
        _bed.Receiver.Respond(_ => failing ? new RecordedResponse(503, new JsonObject { ["error"] = "unavailable" }) : null);
        _bed.AddNotification("slack", Provider("Slack", "slack"));
        _bed.AddApplication("web", Statuses.Synced(A));
        await _bed.StartControllerAsync();
        await EventuallyAsync(() => _bed.Ready("slack") is not null, "the Notification to be checked");

        await _bed.SetStatusAsync("web", Statuses.Synced(B, "2026-01-01T12:01:00Z"));
        await _bed.AdvanceUntilAsync(() => _bed.Ready("slack")?["reason"]?.GetValue<string>() == "ProviderFailed", TimeSpan.FromSeconds(2));

        Assert.Equal(3, _bed.Receiver.Requests.Count);
        var ready = _bed.Ready("slack")!;
        Assert.Equal("False", ready["status"]!.GetValue<string>());
        Assert.Contains("503", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("XXXXsecretXXXX", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("/slack", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_bed.Deliveries.GetMeasurementSnapshot(), m => (string?)m.Tags["result"] == "failed" && (string?)m.Tags["provider"] == "slack");

        failing = false;
        await _bed.SetStatusAsync("web", Statuses.Synced(C, "2026-01-01T12:02:00Z"));
        await EventuallyAsync(() => _bed.Ready("slack")?["status"]?.GetValue<string>() == "True", "Ready again after a delivery");
    }

    [Fact]
    public async Task MissingSecret_IsSecretNotFound_AndABrokenSpecIsInvalidSpec()
    {
        _bed.AddNotification("lost", Provider("Slack", "no-such-secret"));
        _bed.AddNotification("broken", Provider("Pager", "slack"));
        await _bed.StartControllerAsync();

        await EventuallyAsync(() => _bed.Ready("lost") is not null && _bed.Ready("broken") is not null, "both Notifications to be checked");

        Assert.Equal("SecretNotFound", _bed.Ready("lost")!["reason"]!.GetValue<string>());
        Assert.Contains("shop/no-such-secret", _bed.Ready("lost")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("InvalidSpec", _bed.Ready("broken")!["reason"]!.GetValue<string>());
        Assert.Contains("spec.provider.type \"Pager\"", _bed.Ready("broken")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selection_OnlyTheNamedApplicationsAndSelectedEvents_AreSent()
    {
        _bed.AddNotification("hook", Provider("Webhook", "hook", _bed.Receiver.BaseUrl + "/webhook"), new JsonObject
        {
            ["applications"] = new JsonObject { ["names"] = new JsonArray("web") },
            ["events"] = new JsonArray("SyncFailed"),
        });
        _bed.AddApplication("web", Statuses.Synced(A));
        _bed.AddApplication("api", Statuses.Synced(A));
        await _bed.StartControllerAsync();
        await EventuallyAsync(() => _bed.Ready("hook") is not null, "the Notification to be checked");

        await _bed.SetStatusAsync("api", Statuses.Failing(B, A, "ApplyFailed", "x"));
        await _bed.SetStatusAsync("web", Statuses.Synced(B, "2026-01-01T12:01:00Z"));
        await _bed.SetStatusAsync("web", Statuses.Failing(C, B, "ApplyFailed", "y"));

        var sent = await _bed.Receiver.WaitForAsync(_ => true);
        await Task.Delay(500);
        Assert.Equal(("web", "SyncFailed"), (sent[0].Json!["application"]!["name"]!.GetValue<string>(), sent[0].Json!["event"]!.GetValue<string>()));
        Assert.Single(_bed.Receiver.Requests);
    }

    [Fact]
    public async Task NotLeading_SendsNothing()
    {
        _bed.Leading = false;
        _bed.AddNotification("hook", Provider("Webhook", "hook", _bed.Receiver.BaseUrl + "/webhook"));
        _bed.AddApplication("web", Statuses.Synced(A));
        await _bed.StartControllerAsync();

        await _bed.SetStatusAsync("web", Statuses.Failing(B, A, "ApplyFailed", "x"));
        await _bed.AdvanceUntilAsync(() => true, TimeSpan.FromSeconds(1));
        await Task.Delay(500);

        Assert.Empty(_bed.Receiver.Requests);
        Assert.Null(_bed.Ready("hook"));
    }
}
