using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>One rule of a Role or ClusterRole, matched as rbac/v1 does (k8s.io/kubernetes pkg/apis/rbac/v1 evaluation helpers).</summary>
public sealed record PolicyRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames, IReadOnlyList<string> NonResourceUrls)
{
    private const string All = "*";

    public static PolicyRule Of(JsonObject rule) => new(Strings(rule, "verbs"), Strings(rule, "apiGroups"), Strings(rule, "resources"), Strings(rule, "resourceNames"), Strings(rule, "nonResourceURLs"));

    public static IReadOnlyList<PolicyRule> OfRole(JsonObject role) =>
        (role.GetArrayAt("rules") ?? []).OfType<JsonObject>().Select(Of).ToList();

    public bool Allows(RequestAttributes request) => request.IsResourceRequest
        ? MatchesVerb(request.Verb) && MatchesGroup(request.ApiGroup) && MatchesResource(request) && MatchesName(request.Name)
        : MatchesVerb(request.Verb) && MatchesPath(request.Path);

    private bool MatchesVerb(string verb) => Verbs.Any(v => v == All || v == verb);

    private bool MatchesGroup(string group) => ApiGroups.Any(g => g == All || g == group);

    /// <summary>"*", the exact "resource" or "resource/subresource", or "*/subresource".</summary>
    private bool MatchesResource(RequestAttributes request) => Resources.Any(r =>
        r == All || r == request.CombinedResource || (request.Subresource.Length > 0 && r == $"*/{request.Subresource}"));

    /// <summary>No names means every name; with names, a request without one (a list, a create) does not match.</summary>
    private bool MatchesName(string name) => ResourceNames.Count == 0 || ResourceNames.Contains(name, StringComparer.Ordinal);

    /// <summary>"*", the exact path, or a prefix ending in "*".</summary>
    private bool MatchesPath(string path) => NonResourceUrls.Any(u =>
        u == All || u == path || (u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal)));

    private static List<string> Strings(JsonObject rule, string field) =>
        (rule[field] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
}
