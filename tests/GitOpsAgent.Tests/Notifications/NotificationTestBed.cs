using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Notifications;
using GitOpsAgent.Outbound;
using GitOpsAgent.Telemetry;
using GitOpsAgent.Tests.Controller.Fakes;
using GitOpsAgent.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Tests.Notifications;

/// <summary>
/// The real NotificationController on a fake Kubernetes API and a fake clock, with one recording receiver standing in
/// for every provider (paths /webhook, /slack/..., /teams/..., /api/v3/... for GitHub). Applications are shop/*.
/// </summary>
internal sealed class NotificationTestBed : IAsyncDisposable
{
    public const string Ns = "shop";
    public const string SlackPath = "/slack/services/T000/B000/XXXXsecretXXXX";
    public const string SigningKey = "webhook-signing-key";
    public const string GitHubToken = "ghp-status-token";
    private readonly ServiceProvider _services;
    private readonly NotificationController _controller;

    private NotificationTestBed(RecordingHttpServer receiver)
    {
        Receiver = receiver;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Deliveries = new MetricCollector<long>(meters, GitOpsAgentMetrics.MeterName, "gitopsagent.notification.deliveries");
        Kube.Serve("gitopsagent.io/v1alpha1", "Notification", "notifications");
        _controller = new NotificationController(
            Kube,
            new ApplicationOwnership(() => Leading, _ => true),
            new NotificationSender(new OutboundHttp(OutboundHttp.CreateClient())),
            new ControllerOptions(),
            new GitOpsAgentMetrics(meters),
            Time,
            NullLoggerFactory.Instance);
    }

    public FakeKubernetesApi Kube { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingHttpServer Receiver { get; }

    public MetricCollector<long> Deliveries { get; }

    public bool Leading { get; set; } = true;

    public static async Task<NotificationTestBed> StartAsync()
    {
        var bed = new NotificationTestBed(await RecordingHttpServer.StartAsync());
        bed.Kube.Put(Secret("slack", new() { ["address"] = bed.Receiver.BaseUrl + SlackPath }));
        bed.Kube.Put(Secret("hook", new() { ["signingKey"] = SigningKey }));
        bed.Kube.Put(Secret("github", new() { ["token"] = GitHubToken }));
        return bed;
    }

    public Task StartControllerAsync() => _controller.StartAsync(default);

    public async ValueTask DisposeAsync()
    {
        await _controller.StopAsync(default);
        _controller.Dispose();
        await Receiver.DisposeAsync();
        await _services.DisposeAsync();
    }

    public static JsonObject Secret(string name, Dictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
        ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
    };

    public void AddNotification(string name, JsonObject provider, JsonObject? extraSpec = null)
    {
        var spec = new JsonObject { ["provider"] = provider };
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        Kube.Put(new JsonObject
        {
            ["apiVersion"] = "gitopsagent.io/v1alpha1",
            ["kind"] = "Notification",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns, ["generation"] = 1 },
            ["spec"] = spec,
        });
    }

    public void AddApplication(string name, JsonObject status, Dictionary<string, string>? labels = null) => Kube.Put(new JsonObject
    {
        ["apiVersion"] = "gitopsagent.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Ns,
            ["labels"] = new JsonObject((labels ?? []).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        },
        ["spec"] = new JsonObject { ["source"] = new JsonObject { ["repoURL"] = "https://github.example/acme/config.git", ["path"] = "apps/" + name } },
        ["status"] = status,
    });

    public Task SetStatusAsync(string app, JsonObject status) =>
        Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", Ns, app, new JsonObject { ["status"] = status }, Kubernetes.PatchType.Merge, default, "status");

    public JsonObject? Ready(string notification) =>
        Kube.Find("gitopsagent.io/v1alpha1", "Notification", Ns, notification)?.GetArrayAt("status", "conditions")?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");

    /// <summary>Advances the fake clock a step at a time (the release ticks and retry backoffs run on it) until <paramref name="done"/> holds.</summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            Time.Advance(step);
            await Task.Delay(20);
        }

        Assert.True(done(), "the condition did not hold in time");
    }

    /// <summary>Waits (real time, bounded) for the controller to catch up without moving the clock.</summary>
    public static async Task EventuallyAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}

/// <summary>Application statuses as the status calculator writes them.</summary>
internal static class Statuses
{
    public static JsonObject Synced(string revision, string startedAt = "2026-01-01T11:00:00Z") => new()
    {
        ["lastAttemptedRevision"] = revision,
        ["lastAppliedRevision"] = revision,
        ["sync"] = new JsonObject { ["status"] = "Synced", ["revision"] = revision },
        ["health"] = new JsonObject { ["status"] = "Healthy" },
        ["conditions"] = new JsonArray(
            Condition("Ready", "True", "Succeeded", $"synced to {revision[..7]} and healthy"),
            Condition("Synced", "True", "Synced", $"synced to {revision[..7]}"),
            Condition("Healthy", "True", "Healthy", "")),
        ["operationState"] = new JsonObject { ["phase"] = "Succeeded", ["revision"] = revision, ["initiatedBy"] = "auto", ["startedAt"] = startedAt },
    };

    /// <summary>A failure after <paramref name="applied"/> was synced at <paramref name="appliedAt"/> (its operation stays).</summary>
    public static JsonObject Failing(string attempted, string applied, string reason, string message, string appliedAt = "2026-01-01T11:00:00Z")
    {
        var status = Synced(applied, appliedAt);
        status["lastAttemptedRevision"] = attempted;
        status["sync"] = new JsonObject { ["status"] = "Unknown", ["revision"] = attempted };
        status["conditions"] = new JsonArray(
            Condition("Ready", "False", reason, message),
            Condition("Reconciling", "True", reason, "retrying with backoff: " + message),
            Condition("Synced", "Unknown", reason, message),
            Condition("Healthy", "True", "Healthy", ""));
        return status;
    }

    private static JsonObject Condition(string type, string status, string reason, string message) =>
        new() { ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message };
}
