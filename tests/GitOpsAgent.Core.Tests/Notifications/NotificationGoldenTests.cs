using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Notifications;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Notifications;

/// <summary>
/// Golden cases for the pure parts of notifications, a folder each under Notifications/testdata:
/// transitions/ (previous.yaml and current.yaml statuses, expected.yaml the transitions), throttle/ (timeline.yaml:
/// offers and releases in time, expected.yaml what goes out) and payloads/ (message.yaml, and the bodies each provider
/// receives). GITOPSAGENT_WRITE_GOLDEN=1 writes the expected files; read each before committing.
/// </summary>
public sealed class NotificationGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Notifications/testdata";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Options = new(ApplicationSerializer.Options) { Converters = { new JsonStringEnumConverter() } };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };


    public static TheoryData<string> Cases(string kind) => TestData.CaseNames(Root + "/" + kind);

    [Theory]
    [MemberData(nameof(Cases), "transitions")]
    public void Between_GoldenCase_GivesTheExpectedTransitions(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), "transitions", name);
        var previous = File.Exists(Path.Combine(dir, "previous.yaml")) ? AppFacts.From(Status(Path.Combine(dir, "previous.yaml"))) : null;
        var current = AppFacts.From(Status(Path.Combine(dir, "current.yaml")));

        var actual = JsonSerializer.SerializeToNode(TransitionDetector.Between(previous, current), Options)!;

        TestData.AssertGolden(Path.Combine(dir, "expected.yaml"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases), "throttle")]
    public void Throttle_GoldenTimeline_SendsWhatTheRateLimitAllows(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), "throttle", name);
        var timeline = TestData.ReadObject(Path.Combine(dir, "timeline.yaml"))!;
        var burst = (int)timeline.GetInt64At("burst")!.Value;
        var interval = GoDuration.Parse(timeline.GetStringAt("interval"), TimeSpan.Zero);
        ThrottleState? state = null;
        var sent = new JsonArray();
        foreach (var step in timeline.GetArrayAt("steps")!.OfType<JsonObject>())
        {
            var at = Start + TimeSpan.FromSeconds(double.Parse(step["at"]!.ToJsonString(), CultureInfo.InvariantCulture));
            var decision = step.GetStringAt("offer") is { } offered
                ? NotificationThrottle.Offer(state, new AppTransition(Enum.Parse<NotificationEvent>(offered), Severity.Info, null, "r", offered), at, burst, interval)
                : NotificationThrottle.Release(state!, at, burst, interval);
            state = decision.State;
            if (decision.Send is { } transition)
            {
                sent.Add(new JsonObject
                {
                    ["at"] = (at - Start).TotalSeconds,
                    ["sent"] = transition.Event.ToString(),
                    ["folded"] = decision.Folded.Count,
                    ["foldedEvents"] = new JsonArray([.. decision.Folded.Events.Select(e => (JsonNode)JsonValue.Create(e.ToString()))]),
                });
            }
        }

        var actual = new JsonObject
        {
            ["sent"] = sent,
            ["held"] = state?.Held?.Event.ToString(),
            ["nextRelease"] = state is null ? null : NotificationThrottle.NextRelease(state, interval) is { } next ? (next - Start).TotalSeconds : null,
        };
        TestData.AssertGolden(Path.Combine(dir, "expected.yaml"), actual);
    }

    [Theory]
    [MemberData(nameof(Cases), "payloads")]
    public void Payloads_GoldenMessage_GiveEachProvidersBody(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), "payloads", name);
        var input = TestData.ReadObject(Path.Combine(dir, "message.yaml"))!;
        var message = new NotificationMessage(
            input.GetStringAt("namespace")!,
            input.GetStringAt("application")!,
            input["transition"].Deserialize<AppTransition>(Options)!,
            input.GetStringAt("repoURL"),
            DateTimeOffset.Parse(input.GetStringAt("time")!, CultureInfo.InvariantCulture),
            (input.GetArrayAt("folded") ?? []).Select(e => Enum.Parse<NotificationEvent>(e!.GetValue<string>())).Aggregate(Folded.None, (folded, e) => folded.Add(e)));

        foreach (var (file, body) in new[] { ("webhook.json", NotificationPayloads.Webhook(message)), ("slack.json", NotificationPayloads.Slack(message)), ("teams.json", NotificationPayloads.Teams(message)) })
        {
            TestData.AssertGoldenText(Path.Combine(dir, file), body.ToJsonString(Indented) + "\n");
        }
    }

    private static ApplicationStatus Status(string file) =>
        TestData.ReadObject(file).Deserialize<ApplicationStatus>(Options) ?? new ApplicationStatus();
}
