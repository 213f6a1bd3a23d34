using GitOpsAgent.TestApiServer.Discovery;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>A request to a resource path: /api/v1/... or /apis/{group}/{version}/..., with its verb.</summary>
public sealed record ApiRequest(ResourceType Type, string Namespace, string Name, string Subresource, string Verb)
{
    /// <summary>Parses a resource path; null when it is not one (discovery and such); throws 404 for unknown resources.</summary>
    public static ApiRequest? Parse(string method, string path, string? contentType, bool watch, ResourceCatalog catalog)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        var ns = "";
        if (tail.Length >= 3 && tail[0] == "namespaces" && catalog.Find(group, version, tail[2]) is { Namespaced: true })
        {
            ns = tail[1];
            tail = tail[2..];
        }

        var type = catalog.Find(group, version, tail[0])
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        var name = tail.Length > 1 ? tail[1] : "";
        var subresource = tail.Length > 2 ? tail[2] : "";
        if ((subresource == "status" && !type.HasStatus) || (subresource == "scale" && !type.HasScale) || subresource is not ("" or "status" or "scale") || tail.Length > 3)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var verb = (method, name.Length > 0) switch
        {
            ("GET", false) => watch ? "watch" : "list",
            ("GET", true) => watch ? "watch" : "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => contentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true ? "apply" : "patch",
            ("DELETE", false) => "deletecollection",
            ("DELETE", true) => "delete",
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource: {method}"),
        };
        return new ApiRequest(type, ns, name, subresource, verb);
    }
}
