using System.Text.Json;

namespace GitOpsAgent.Git;

/// <summary>Reads repository URLs, ref and new SHA out of each provider's push payload.</summary>
internal static class PushPayloadReader
{
    /// <summary>GitHub and Gitea share the payload shape.</summary>
    public static (IReadOnlyList<string> Urls, string? Ref, string? After) GitHubStyle(JsonElement root)
    {
        var repository = Property(root, "repository");
        var urls = Strings(repository, "html_url", "clone_url", "ssh_url", "git_url");
        return (urls, String(root, "ref"), NonZeroSha(String(root, "after")));
    }

    public static (IReadOnlyList<string> Urls, string? Ref, string? After) GitLab(JsonElement root)
    {
        var project = Property(root, "project");
        var repository = Property(root, "repository");
        var urls = Strings(project, "web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url")
            .Concat(Strings(repository, "homepage", "git_http_url", "git_ssh_url", "url"));
        return (Distinct(urls), String(root, "ref"), NonZeroSha(String(root, "after")));
    }

    public static (IReadOnlyList<string> Urls, string? Ref, string? After) BitbucketCloud(JsonElement root)
    {
        var repository = Property(root, "repository");
        var urls = Strings(Property(Property(repository, "links"), "html"), "href").ToList();
        if (String(repository, "full_name") is { Length: > 0 } fullName)
            urls.Add("https://bitbucket.org/" + fullName);

        string? gitRef = null, after = null;
        var changes = Property(Property(root, "push"), "changes");
        if (changes is { ValueKind: JsonValueKind.Array } && changes.Value.GetArrayLength() > 0)
        {
            var change = changes.Value[0];
            var state = Property(change, "new") is { ValueKind: JsonValueKind.Object } created ? created : Property(change, "old");
            var name = String(state, "name");
            if (name is not null)
                gitRef = (String(state, "type") == "tag" ? "refs/tags/" : "refs/heads/") + name;
            after = String(Property(Property(change, "new"), "target"), "hash");
        }

        return (Distinct(urls), gitRef, after);
    }

    public static (IReadOnlyList<string> Urls, string? Ref, string? After) BitbucketServer(JsonElement root)
    {
        var urls = new List<string>();
        var clone = Property(Property(Property(root, "repository"), "links"), "clone");
        if (clone is { ValueKind: JsonValueKind.Array })
            urls.AddRange(clone.Value.EnumerateArray().Select(link => String(link, "href")).OfType<string>());

        string? gitRef = null, after = null;
        var changes = Property(root, "changes");
        if (changes is { ValueKind: JsonValueKind.Array } && changes.Value.GetArrayLength() > 0)
        {
            var change = changes.Value[0];
            gitRef = String(Property(change, "ref"), "id") ?? String(change, "refId");
            after = NonZeroSha(String(change, "toHash"));
        }

        return (Distinct(urls), gitRef, after);
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement? element, params string[] names) =>
        Distinct(names.Select(name => String(element, name)).OfType<string>());

    private static IReadOnlyList<string> Distinct(IEnumerable<string> urls) =>
        urls.Where(url => url.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    // A deleted branch reports 40 zeros as the new SHA.
    private static string? NonZeroSha(string? sha) => sha is null || sha.All(c => c == '0') ? null : sha;
}
