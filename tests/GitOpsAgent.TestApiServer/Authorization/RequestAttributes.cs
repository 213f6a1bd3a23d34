using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// What one request asks to do, as the real server's authorizer sees it (authorizer.AttributesRecord): a verb on a
/// resource (group, resource, subresource, namespace, name) or on a non-resource path.
/// </summary>
public sealed record RequestAttributes(UserInfo User, string Verb, bool IsResourceRequest, string ApiGroup = "", string Resource = "", string Subresource = "", string Namespace = "", string Name = "", string Path = "")
{
    public static RequestAttributes ForResource(UserInfo user, string verb, string group, string resource, string subresource = "", string ns = "", string name = "") =>
        new(user, verb, true, group, resource, subresource, ns, name);

    public static RequestAttributes ForPath(UserInfo user, string verb, string path) => new(user, verb, false, Path: path);

    /// <summary>
    /// The attributes of an HTTP request: RBAC verbs are the API's (an apply is a patch); a request for a Namespace
    /// object is in that namespace (so a RoleBinding there can grant reading it); other paths are non-resource with
    /// the lowercase HTTP method as verb.
    /// </summary>
    public static RequestAttributes Of(UserInfo user, ApiRequest? request, string method, string path)
    {
        if (request is null)
        {
            return ForPath(user, method.ToLowerInvariant(), path);
        }

        var type = request.Type;
        var verb = request.Verb == "apply" ? "patch" : request.Verb;
        var ns = type is { Group: "", Plural: "namespaces" } ? request.Name : request.Namespace;
        return ForResource(user, verb, type.Group, type.Plural, request.Subresource, ns, request.Name);
    }

    /// <summary>"resource/subresource" as RBAC rules name it.</summary>
    public string CombinedResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
