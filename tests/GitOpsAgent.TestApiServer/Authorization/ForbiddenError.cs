using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// The real server's 403 (apiserver responsewriters.Forbidden): "{resource.group} \"{name}\" is forbidden: User \"u\"
/// cannot {verb} resource \"{resource/sub}\" in API group \"{group}\" in the namespace \"{ns}\"" (or "at the cluster
/// scope"; "forbidden: User \"u\" cannot get path \"/x\"" for non-resource paths), then ": {reason}" when the
/// authorizer gave one; details name the resource as kind, the group and the name.
/// </summary>
public static class ForbiddenError
{
    public static ApiException For(RequestAttributes request, string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = !request.IsResourceRequest
            ? $"User \"{request.User.Name}\" cannot {request.Verb} path \"{request.Path}\""
            : $"User \"{request.User.Name}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" "
                + (request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope");
        var cause = reason.Length == 0 ? what : $"{what}: {reason}";
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var message = !request.IsResourceRequest || qualified.Length == 0 ? $"forbidden: {cause}"
            : request.Name.Length == 0 ? $"{qualified} is forbidden: {cause}"
            : $"{qualified} \"{request.Name}\" is forbidden: {cause}";
        var details = new JsonObject { ["group"] = request.ApiGroup, ["kind"] = request.Resource };
        if (request.Name.Length > 0)
        {
            details["name"] = request.Name;
        }

        return new ApiException(403, "Forbidden", message, request.IsResourceRequest ? details : null);
    }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
