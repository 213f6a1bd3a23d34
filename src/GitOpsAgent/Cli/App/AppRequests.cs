using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// The requests the CLI makes of the controller through annotations. Each gets a fresh value (a timestamp); the
/// controller records the value it served in status.lastHandledReconcileAt, so a waiting CLI knows its own request,
/// not an older one, was served. A sync value containing "prune" also prunes.
/// </summary>
internal static class AppRequests
{
    /// <summary>Set by `app rollback`: the targetRevision to go back to with `app rollback --resume`.</summary>
    public const string ResumeTargetRevision = "gitopsagent.io/resume-target-revision";

    public static string NewValue(TimeProvider time, bool prune = false)
    {
        ArgumentNullException.ThrowIfNull(time);
        var stamp = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return prune ? $"prune@{stamp}" : stamp;
    }

    public static JsonObject Sync(string value) => Annotations(new JsonObject { [AppAnnotations.Sync] = value });

    public static JsonObject Refresh(string value) => Annotations(new JsonObject { [AppAnnotations.Refresh] = value });

    public static JsonObject Annotations(JsonObject annotations) => new() { ["metadata"] = new JsonObject { ["annotations"] = annotations } };
}
