using System.Text;

namespace GitOpsAgent.Kubernetes;

/// <summary>Request paths and query strings: core group under /api/v1, others under /apis/{group}/{version}.</summary>
internal static class ResourcePaths
{
    /// <summary>
    /// The collection (name null) or object path. A namespaced resource with a null namespace addresses all
    /// namespaces (list/watch); a cluster-scoped resource ignores the namespace.
    /// </summary>
    public static string Build(ApiResource resource, string? ns, string? name, string? subresource = null)
    {
        var path = new StringBuilder(resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}");
        if (resource.Namespaced && !string.IsNullOrEmpty(ns))
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }

        path.Append('/').Append(resource.Plural);
        if (!string.IsNullOrEmpty(name))
        {
            path.Append('/').Append(Uri.EscapeDataString(name));
            if (!string.IsNullOrEmpty(subresource))
            {
                path.Append('/').Append(subresource);
            }
        }

        return path.ToString();
    }

    public static string GroupVersionPath(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";

    /// <summary>Appends the non-null parameters, escaped.</summary>
    public static string WithQuery(string path, params ReadOnlySpan<(string Key, string? Value)> parameters)
    {
        var text = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            text.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return text.ToString();
    }

    public static (string Key, string? Value)[] ListQuery(ListOptions options, bool watch) =>
    [
        ("labelSelector", options.LabelSelector),
        ("fieldSelector", options.FieldSelector),
        ("limit", watch ? null : options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("continue", watch ? null : options.Continue),
        ("resourceVersion", options.ResourceVersion),
        ("watch", watch ? "true" : null),
        ("allowWatchBookmarks", watch && options.AllowWatchBookmarks ? "true" : null),
        ("timeoutSeconds", options.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
