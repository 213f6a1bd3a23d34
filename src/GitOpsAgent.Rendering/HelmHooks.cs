using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Helm's hooks in our terms, after `helm template`: pre-install/pre-upgrade run as PreSync hooks, post-install/
/// post-upgrade as PostSync, the hook weight is the wave within the phase, helm.sh/hook-delete-policy maps to ours
/// (Helm's default, before-hook-creation, is ours too). Test hooks are never applied by a sync, nor are hooks only for
/// delete or rollback (a sync neither deletes nor rolls back a release). A chart's crds/ (and its subcharts') are
/// applied before everything. Our own annotations, where a chart sets them, win.
/// </summary>
public static partial class HelmHooks
{
    public const string HookAnnotation = "helm.sh/hook";
    public const string WeightAnnotation = "helm.sh/hook-weight";
    public const string DeletePolicyAnnotation = "helm.sh/hook-delete-policy";

    public static IReadOnlyList<Manifest> Map(IReadOnlyList<Manifest> rendered)
    {
        var result = new List<Manifest>(rendered.Count);
        foreach (var manifest in rendered)
        {
            if (ChartCrdsFile().IsMatch(manifest.Source.File))
            {
                result.Add(manifest with { BeforeHooks = true });
                continue;
            }

            var events = (manifest.Object.GetAnnotation(HookAnnotation) ?? "")
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (events.Length == 0 || Hook.IsHook(manifest.Object))
            {
                result.Add(manifest);
                continue;
            }

            if (PhaseOf(events) is { } phase)
            {
                result.Add(manifest with { Object = AsHook(manifest.Object, phase) });
            }
        }

        return result;
    }

    /// <summary>PreSync for any pre-install/pre-upgrade, else PostSync for post-install/post-upgrade; null for what a sync never runs (test, delete, rollback hooks).</summary>
    private static SyncPhase? PhaseOf(string[] events)
    {
        if (events.Any(e => e is "test" or "test-success"))
        {
            return null;
        }

        return events.Any(e => e is "pre-install" or "pre-upgrade") ? SyncPhase.PreSync
            : events.Any(e => e is "post-install" or "post-upgrade") ? SyncPhase.PostSync
            : null;
    }

    private static JsonObject AsHook(JsonObject helmHook, SyncPhase phase)
    {
        var obj = (JsonObject)helmHook.DeepClone();
        obj.SetAnnotation(Hook.Annotation, phase.ToString());
        if (obj.GetAnnotation(SyncStage.SyncWaveAnnotation) is null
            && int.TryParse(obj.GetAnnotation(WeightAnnotation)?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weight))
        {
            obj.SetAnnotation(SyncStage.SyncWaveAnnotation, weight.ToString(CultureInfo.InvariantCulture));
        }

        if (obj.GetAnnotation(Hook.DeletePolicyAnnotation) is null && obj.GetAnnotation(DeletePolicyAnnotation) is { } helmPolicy)
        {
            var policies = helmPolicy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p switch
                {
                    "before-hook-creation" => nameof(HookDeletePolicy.BeforeHookCreation),
                    "hook-succeeded" => nameof(HookDeletePolicy.HookSucceeded),
                    "hook-failed" => nameof(HookDeletePolicy.HookFailed),
                    _ => p,
                });
            obj.SetAnnotation(Hook.DeletePolicyAnnotation, string.Join(',', policies));
        }

        return obj;
    }

    /// <summary>"chart/crds/x.yaml" or "chart/charts/sub/crds/x.yaml", as helm's "# Source:" comments name them.</summary>
    [GeneratedRegex(@"^[^/]+/(charts/[^/]+/)*crds/")]
    private static partial Regex ChartCrdsFile();
}
