using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Sync.Operations;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Sync;

/// <summary>
/// One folder per case under Sync/testdata/operation: input.yaml (the rendered objects, which are in sync, the cluster,
/// what an apply returns, the progress so far, the clock) and expected.yaml (the turns the sync takes, until it waits
/// or ends). Between turns the test plays the cluster: applied objects become in sync and live as afterApply says
/// (else as desired), pruned and deleted ones go, created hooks get a fresh uid. Set GITOPSAGENT_WRITE_GOLDEN=1 to
/// write expected.yaml, then review every changed file by hand.
/// </summary>
public sealed class SyncOperationGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Sync/testdata/operation";
    private const int MaxTurns = 20;
    private static readonly AppIdentity App = new("shop", "web");

    public static TheoryData<string> Cases() => TestData.CaseNames(Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_GoldenCase_TakesTheExpectedTurns(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), name);
        var input = TestData.ReadObject(Path.Combine(dir, "input.yaml")) ?? throw new FileNotFoundException(Path.Combine(dir, "input.yaml"));
        var actual = new JsonObject { ["turns"] = Run(input) };
        TestData.AssertGolden(Path.Combine(dir, "expected.yaml"), actual);
    }

    private static JsonArray Run(JsonObject input)
    {
        var beforeHooks = Strings(input["beforeHooks"]).ToHashSet(StringComparer.Ordinal);
        var rendered = Objects(input["desired"])
            .Select(o => new Manifest(Tracking.Stamp(o, App), new ManifestSource("app.yaml", 1)) { BeforeHooks = beforeHooks.Contains(o.GetName()) })
            .ToList();
        var (desired, hooks) = Hook.Split(ApplyOrder.Sort(rendered));
        var inSync = Strings(input["inSync"]).ToHashSet(StringComparer.Ordinal);
        var live = Objects(input["live"]).Select(o => Tracking.Stamp(o, App)).ToDictionary(ResourceKey.Of);
        var afterApply = Objects(input["afterApply"]).ToDictionary(o => Label(ResourceKey.Of(o)), StringComparer.Ordinal);
        var progress = ReadProgress(input["progress"] as JsonObject);
        var now = DateTimeOffset.Parse(input.GetStringAt("now") ?? "2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var timeout = GoDuration.Parse(input.GetStringAt("waveTimeout"), TimeSpan.FromMinutes(10));
        var options = new SyncPlanOptions(Prune: input.GetBoolAt("prune") ?? true, AllowEmpty: input.GetBoolAt("allowEmpty") ?? false);
        var hookKeys = hooks.Select(h => h.Key).ToHashSet();
        var created = 0;
        var turns = new JsonArray();
        for (var i = 0; i < MaxTurns; i++)
        {
            var diffs = desired.Select(m => new ResourceDiff(m.Key,
                inSync.Contains(Label(m.Key)) ? DiffAction.InSync : live.ContainsKey(m.Key) ? DiffAction.Modified : DiffAction.Create,
                inSync.Contains(Label(m.Key)) || !live.ContainsKey(m.Key) ? [] : [new FieldDifference("spec", null, null)], "", "managedFields")).ToList();
            var tracked = live.Values.Where(o => !hookKeys.Contains(ResourceKey.Of(o)) && !Hook.IsHook(o)).ToList();
            var plan = SyncPlanner.Plan(App, desired, diffs, tracked, options);
            var turn = SyncOperation.Next(new SyncOperationInputs(
                desired,
                hooks,
                plan,
                desired.Where(m => live.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => HealthAssessor.Assess(live[m.Key])!),
                hooks.Where(h => live.ContainsKey(h.Key)).ToDictionary(h => h.Key, h => new LiveHook(live[h.Key].GetStringAt("metadata", "uid"), HealthAssessor.Assess(live[h.Key])!)),
                progress,
                now,
                timeout));
            turns.Add(Describe(turn));
            progress = progress.After(turn, now);
            foreach (var step in turn.Steps)
            {
                var label = Label(step.Key);
                switch (step.Kind)
                {
                    case SyncStepKind.Apply or SyncStepKind.Replace:
                        inSync.Add(label);
                        live[step.Key] = (JsonObject)(afterApply.GetValueOrDefault(label) ?? step.Desired!).DeepClone();
                        break;
                    case SyncStepKind.Prune or SyncStepKind.DeleteHook:
                        live.Remove(step.Key);
                        break;
                    case SyncStepKind.CreateHook:
                        var hook = (JsonObject)(afterApply.GetValueOrDefault(label) ?? step.Desired!).DeepClone();
                        var uid = $"uid-{step.Key.Name}-{++created}";
                        hook.GetOrAddObject("metadata")["uid"] = uid;
                        live[step.Key] = hook;
                        progress = progress.WithHook(new HookRecord(step.Key, step.Stage!.Value, HookStatus.Running, "", uid));
                        break;
                }
            }

            if (turn.Kind != SyncTurnKind.Continue)
            {
                break;
            }
        }

        return turns;
    }

    private static JsonObject Describe(SyncTurn turn)
    {
        var result = new JsonObject
        {
            ["kind"] = turn.Kind.ToString(),
            ["stage"] = turn.Stage.ToString(),
            ["steps"] = new JsonArray(turn.Steps.Select(s => (JsonNode)$"{s.Kind} {s.Key}: {s.Reason}").ToArray()),
        };
        if (turn.HookUpdates.Count > 0)
        {
            result["hookUpdates"] = new JsonArray(turn.HookUpdates.Select(h => (JsonNode)$"{h.Key} {h.Status}{(h.Message.Length > 0 ? $": {h.Message}" : "")}").ToArray());
        }

        if (turn.Failure is { } failure)
        {
            result["failure"] = new JsonObject { ["reason"] = failure.Reason, ["message"] = failure.Message };
        }

        if (turn.Reason.Length > 0)
        {
            result["reason"] = turn.Reason;
            result["message"] = turn.Message;
        }

        return result;
    }

    private static SyncProgress ReadProgress(JsonObject? progress)
    {
        if (progress is null)
        {
            return SyncProgress.Start;
        }

        SyncStage? reached = progress.GetObjectAt("reached") is { } r ? Stage(r) : null;
        DateTimeOffset? since = progress.GetStringAt("stageStartedAt") is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
        var failure = progress.GetObjectAt("failure") is { } f ? new SyncFailure(f.GetStringAt("reason")!, f.GetStringAt("message")!) : null;
        var hooks = Objects(progress["hooks"]).Select(h => new HookRecord(
            new ResourceKey(h.GetStringAt("group") ?? "batch", h.GetStringAt("kind") ?? "Job", h.GetStringAt("namespace") ?? App.Namespace, h.GetStringAt("name")!),
            Stage(h),
            Enum.Parse<HookStatus>(h.GetStringAt("status")!),
            h.GetStringAt("message") ?? "",
            h.GetStringAt("uid"))).ToList();
        return new SyncProgress(reached, since, failure, hooks);
    }

    private static SyncStage Stage(JsonObject obj) =>
        new(Enum.Parse<SyncPhase>(obj.GetStringAt("phase")!), (int)(obj.GetInt64At("wave") ?? 0));

    /// <summary>"Kind/name", as inSync and afterApply name objects.</summary>
    private static string Label(ResourceKey key) => $"{key.Kind}/{key.Name}";

    private static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        (node as JsonArray ?? []).OfType<JsonObject>().Select(o =>
        {
            var obj = (JsonObject)o.DeepClone();
            if (obj.GetNamespace().Length == 0 && obj.GetKind() is not ("Namespace" or "CustomResourceDefinition") && obj.ContainsKey("apiVersion"))
            {
                obj.SetNamespace(App.Namespace);
            }

            return obj;
        });

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n!.GetValue<string>());

}
