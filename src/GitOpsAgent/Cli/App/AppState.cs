using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// What an Application's status says for the spec it has now. A condition counts only once the controller has seen
/// the current generation (status.observedGeneration and the condition's own observedGeneration), as kstatus asks:
/// right after a spec change, an old Ready=True is not an answer.
/// </summary>
internal sealed class AppState
{
    private AppState(JsonObject raw, Application app)
    {
        Raw = raw;
        App = app;
    }

    public JsonObject Raw { get; }

    public Application App { get; }

    public string Namespace => App.Metadata.Namespace ?? "";

    public string Name => App.Metadata.Name ?? "";

    public long Generation => App.Metadata.Generation ?? 0;

    public ApplicationStatus Status => App.Status ?? new ApplicationStatus();

    /// <summary>The controller has reconciled the current spec at least once.</summary>
    public bool IsCurrent => Status.ObservedGeneration is { } observed && observed >= Generation;

    public bool Suspended => App.Spec.Suspend == true;

    public bool IsReady => IsTrue(ConditionTypes.Ready);

    public string ShortRevision => Status.LastAppliedRevisionShort ?? (Status.LastAppliedRevision is { } applied ? RevisionText.Short(applied) : "");

    public static AppState Of(JsonObject raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new AppState(raw, ApplicationSerializer.FromJson(raw));
    }

    public Condition? Condition(string type) => Status.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The condition is True, and says so about the current generation.</summary>
    public bool IsTrue(string type) =>
        IsCurrent && Condition(type) is { Status: Conditions.True } condition && (condition.ObservedGeneration ?? Generation) >= Generation;

    /// <summary>"Ready" column text: the condition's status, "Unknown" before the controller has seen this generation.</summary>
    public string ReadyText => !IsCurrent ? "Unknown" : Condition(ConditionTypes.Ready)?.Status ?? "Unknown";

    public string ReadyMessage => !IsCurrent
        ? $"the controller has not reconciled generation {Generation} yet"
        : Condition(ConditionTypes.Ready)?.Message ?? "";
}
