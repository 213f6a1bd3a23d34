using System.Globalization;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

/// <summary>The phases of a sync, in the order they run; SyncFail runs only when the sync failed.</summary>
public enum SyncPhase
{
    PreSync,
    Sync,
    PostSync,
    SyncFail,
}

/// <summary>
/// Where an object runs in a sync: its phase (a hook's annotation, else Sync) and its wave (gitopsagent.io/sync-wave,
/// lower first, across the whole Application). A later stage starts only when every object of the earlier one is
/// Healthy and every hook of it completed. A chart's crds/ come before everything: the lowest wave of PreSync.
/// </summary>
public readonly record struct SyncStage(SyncPhase Phase, int Wave) : IComparable<SyncStage>
{
    public const string SyncWaveAnnotation = "gitopsagent.io/sync-wave";

    /// <summary>The stage of a chart's crds/ (Helm installs them before anything else, hooks included).</summary>
    public static SyncStage BeforeHooks { get; } = new(SyncPhase.PreSync, int.MinValue);

    public static SyncStage Of(Manifest manifest) =>
        manifest.BeforeHooks ? BeforeHooks : new(Hook.PhaseOf(manifest.Object) ?? SyncPhase.Sync, WaveOf(manifest.Object));

    /// <summary>The sync wave annotation as an integer; 0 when absent or not an integer.</summary>
    public static int WaveOf(System.Text.Json.Nodes.JsonObject obj) =>
        obj.GetAnnotation(SyncWaveAnnotation) is { } text
        && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wave)
            ? wave
            : 0;

    public int CompareTo(SyncStage other)
    {
        var c = Phase.CompareTo(other.Phase);
        return c != 0 ? c : Wave.CompareTo(other.Wave);
    }

    public static bool operator <(SyncStage left, SyncStage right) => left.CompareTo(right) < 0;

    public static bool operator <=(SyncStage left, SyncStage right) => left.CompareTo(right) <= 0;

    public static bool operator >(SyncStage left, SyncStage right) => left.CompareTo(right) > 0;

    public static bool operator >=(SyncStage left, SyncStage right) => left.CompareTo(right) >= 0;

    /// <summary>"wave 2", "PreSync wave 0", "the chart's CRDs".</summary>
    public override string ToString() =>
        this == BeforeHooks ? "the chart's CRDs"
        : Phase == SyncPhase.Sync ? $"wave {Wave.ToString(CultureInfo.InvariantCulture)}"
        : $"{Phase} wave {Wave.ToString(CultureInfo.InvariantCulture)}";
}
