using System.Text.Json;

namespace GitOpsAgent.Git;

/// <summary>
/// Reads pull-request events: GitHub's and Gitea's "pull_request" (the same shape; Gitea says "synchronized" where
/// GitHub says "synchronize") and GitLab's "Merge Request Hook". Null for an action that does not change the head
/// (closed, labeled, edited, approved, a GitLab update without new commits).
/// </summary>
internal static class PullRequestPayloadReader
{
    private static readonly HashSet<string> HeadChangingActions = new(StringComparer.Ordinal) { "opened", "reopened", "synchronize", "synchronized" };

    public static PullRequestEvent? GitHubStyle(string provider, JsonElement root)
    {
        if (!HeadChangingActions.Contains(String(root, "action") ?? ""))
            return null;
        var pr = Property(root, "pull_request");
        var repository = Property(root, "repository");
        var number = Number(pr, "number") ?? Number(root, "number");
        var head = String(Property(pr, "head"), "sha");
        var baseRef = String(Property(pr, "base"), "ref");
        var path = String(repository, "full_name");
        if (number is null || head is null || baseRef is null || path is null)
            return null;
        return new PullRequestEvent(provider, Strings(repository, "html_url", "clone_url", "ssh_url", "git_url"), path, number.Value, head, baseRef,
            String(Property(pr, "base"), "sha"), String(pr, "html_url"));
    }

    public static PullRequestEvent? GitLab(string provider, JsonElement root)
    {
        var attributes = Property(root, "object_attributes");
        var action = String(attributes, "action");
        // An update without oldrev changed the title or labels, not the commits.
        if (action is not ("open" or "reopen") && !(action == "update" && String(attributes, "oldrev") is not null))
            return null;
        var project = Property(root, "project");
        var iid = Number(attributes, "iid");
        var head = String(Property(attributes, "last_commit"), "id");
        var target = String(attributes, "target_branch");
        var path = String(project, "path_with_namespace");
        if (iid is null || head is null || target is null || path is null)
            return null;
        return new PullRequestEvent(provider, Strings(project, "web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url"), path, iid.Value, head, target,
            null, String(attributes, "url"));
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static long? Number(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : null;

    private static IReadOnlyList<string> Strings(JsonElement? element, params string[] names) =>
        names.Select(name => String(element, name)).OfType<string>().Where(url => url.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
