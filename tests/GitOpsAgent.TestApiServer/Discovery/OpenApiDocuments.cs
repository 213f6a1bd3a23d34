using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Discovery;

/// <summary>
/// A minimal OpenAPI v3: per group version, the PATCH operation of each resource declares the fieldValidation query
/// parameter, which is what makes kubectl leave validation to the server. No schemas are served.
/// </summary>
public static class OpenApiDocuments
{
    public static JsonObject Index(ResourceCatalog catalog)
    {
        var paths = new JsonObject();
        foreach (var gv in catalog.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var key = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(catalog, gv.Group, gv.Version)}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceCatalog catalog, string group, string version)
    {
        var types = catalog.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in types)
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var path = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(
                        Query("fieldValidation"), Query("fieldManager"), Query("dryRun"), Query("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = DiscoveryDocuments.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    // Changes when the served kinds change, so kubectl's cache by URL does not keep a stale document.
    private static string Hash(ResourceCatalog catalog, string group, string version) =>
        string.Join(",", catalog.All.Where(t => t.Group == group && t.Version == version).Select(t => t.Plural)).GetHashCode(StringComparison.Ordinal).ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
}
