namespace GitOpsAgent.Kubernetes;

/// <summary>
/// What an API request does, read from its method, path and query: the verb (get, list, watch, apply, patch, create,
/// update, delete, deletecollection) and the resource plural, or "discovery" for /api, /apis and group-version documents.
/// </summary>
internal readonly record struct RequestInfo(string Verb, string Resource)
{
    public static RequestInfo Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri;
        var segments = uri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var prefix = segments switch
        {
            ["api", _, ..] => 2,
            ["apis", _, _, ..] => 3,
            _ => -1,
        };
        if (prefix < 0 || segments.Length == prefix)
        {
            return new RequestInfo("get", "discovery");
        }

        var tail = segments[prefix..];
        // namespaces/{ns}/{resource}/... addresses a namespaced resource; namespaces/{ns}[/status|/finalize] the Namespace itself.
        if (tail is ["namespaces", _, var inner, ..] && inner is not ("status" or "finalize"))
        {
            tail = tail[2..];
        }

        var named = tail.Length > 1;
        var verb = request.Method.Method switch
        {
            "GET" when named => "get",
            "GET" => uri!.Query.Contains("watch=true", StringComparison.Ordinal) ? "watch" : "list",
            "PATCH" => request.Content?.Headers.ContentType?.MediaType == "application/apply-patch+yaml" ? "apply" : "patch",
            "POST" => "create",
            "PUT" => "update",
            "DELETE" => named ? "delete" : "deletecollection",
            var other => other.ToLowerInvariant(),
        };
        return new RequestInfo(verb, tail[0]);
    }
}
