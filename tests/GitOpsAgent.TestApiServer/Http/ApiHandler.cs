using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Authorization;
using GitOpsAgent.TestApiServer.Diagnostics;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.Protobuf;
using GitOpsAgent.TestApiServer.Storage;
using GitOpsAgent.TestApiServer.Writes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// Routes every HTTP request: discovery, OpenAPI, and the resource verbs; counts it and injects faults; then, as a
/// real server, authenticates the bearer token, applies impersonation and authorizes with RBAC before serving it.
/// </summary>
public sealed partial class ApiHandler(ObjectStore store, ObjectWriter writer, RequestCounter counter, FaultInjector faults, TokenUsers tokens, RbacAuthorizer authorizer, TestApiServerOptions options, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _outage = new();
    private volatile bool _down;

    /// <summary>Ends every open watch, so the server can stop without waiting for its clients.</summary>
    public void StopWatches() => _stopping.Cancel();

    /// <summary>
    /// Down: open watches end and every request's connection drops, as when the cluster goes away; up again: served
    /// as before, with the store (and its resourceVersions) intact.
    /// </summary>
    public bool Down
    {
        get => _down;
        set
        {
            _down = value;
            if (value)
            {
                var ended = Interlocked.Exchange(ref _outage, new CancellationTokenSource());
                // Not disposed: a request starting now may still read its token.
                ended.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _outage.Dispose();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        var query = context.Request.Query;
        var watch = query["watch"] is var w && (w == "true" || w == "1");
        var verb = "unknown";
        if (_down)
        {
            context.Abort();
            return;
        }

        try
        {
            var request = ApiRequest.Parse(method, path, context.Request.ContentType, watch, store.Catalog);
            verb = request?.Verb ?? "discovery";
            counter.Record(verb, request?.Type.Plural ?? "", request?.Namespace ?? "");
            if (faults.Take(verb, request?.Type.Plural ?? "", path, query["dryRun"] == "All") is { } fault)
            {
                Log.FaultInjected(logger, method, path, fault.StatusCode, fault.DropConnection);
                if (await InjectAsync(context, fault))
                {
                    return;
                }
            }

            var user = Authorize(context, request, method, path);
            if (request is null)
            {
                await WriteJsonAsync(context, 200, Discover(path, context));
            }
            else
            {
                await HandleResourceAsync(context, request, user);
            }

            Log.Handled(logger, method, path, verb, context.Response.StatusCode);
        }
        catch (ApiException ex)
        {
            Log.Failed(logger, method, path, verb, ex.Code, ex.Reason, ex.Message);
            await WriteJsonAsync(context, ex.Code, ex.ToStatus());
        }
    }

    /// <summary>The user the request acts as; throws 401 for an unknown token and 403 when RBAC does not allow it.</summary>
    private UserInfo Authorize(HttpContext context, ApiRequest? request, string method, string path)
    {
        var caller = tokens.Authenticate(context.Request.Headers.Authorization.ToString()) ?? throw ForbiddenError.Unauthorized();
        var user = ImpersonationFilter.Apply(context.Request.Headers, caller, authorizer);
        var attributes = RequestAttributes.Of(user, request, method, path);
        return authorizer.Authorize(attributes) is { Allowed: false } denied ? throw ForbiddenError.For(attributes, denied.Reason) : user;
    }

    private static async Task<bool> InjectAsync(HttpContext context, Fault fault)
    {
        if (fault.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (fault.DropConnection)
        {
            context.Abort();
            return true;
        }

        if (fault.StatusCode <= 0)
        {
            return false;
        }

        if (fault.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var reason = fault.StatusCode switch
        {
            429 => "TooManyRequests",
            500 => "InternalError",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            409 => "Conflict",
            _ => "Unknown",
        };
        var details = fault.RetryAfterSeconds is { } seconds ? new JsonObject { ["retryAfterSeconds"] = seconds } : null;
        await WriteJsonAsync(context, fault.StatusCode, ApiException.StatusBody(fault.StatusCode, reason, "injected fault", details));
        return true;
    }

    private JsonNode Discover(string path, HttpContext context)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var catalog = store.Catalog;
        JsonNode? document = segments switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["api"] => DiscoveryDocuments.ApiVersions($"{context.Request.Host}"),
            ["api", var version] => DiscoveryDocuments.ResourceList(catalog, "", version),
            ["apis"] => DiscoveryDocuments.GroupList(catalog),
            ["apis", var group] => DiscoveryDocuments.GroupDocument(catalog, group),
            ["apis", var group, var version] => DiscoveryDocuments.ResourceList(catalog, group, version),
            ["openapi", "v3"] => OpenApiDocuments.Index(catalog),
            ["openapi", "v3", "api", var version] => OpenApiDocuments.GroupVersion(catalog, "", version),
            ["openapi", "v3", "apis", var group, var version] => OpenApiDocuments.GroupVersion(catalog, group, version),
            ["healthz"] or ["readyz"] or ["livez"] => JsonValue.Create("ok"),
            _ => null,
        };
        return document ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }

    private async Task HandleResourceAsync(HttpContext context, ApiRequest request, UserInfo user)
    {
        var query = context.Request.Query;
        var type = request.Type;
        var dryRun = query["dryRun"] == "All";
        var write = new WriteRequest(ManagerOf(context), dryRun, query["force"] == "true", request.Subresource);
        switch (request.Verb)
        {
            case "create" when AccessReviews.Handles(type):
                await WriteJsonAsync(context, 201, AccessReviews.Review(type, RequestBodies.ParseObject(await ReadBodyAsync(context)), user, authorizer));
                break;
            case var _ when AccessReviews.Handles(type):
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource: {context.Request.Method}");
            case "get" when request.Subresource == "scale":
                await WriteJsonAsync(context, 200, writer.GetScale(type, request.Namespace, request.Name));
                break;
            case "get" when TableColumns(context, request) is { } columns:
                var one = Get(request);
                await WriteJsonAsync(context, 200, TableConverter.Convert(columns, [one], one.GetStringAt("metadata", "resourceVersion") ?? "", options.TimeProvider.GetUtcNow()));
                break;
            case "get":
                await WriteJsonAsync(context, 200, Get(request));
                break;
            case "list" when TableColumns(context, request) is { } columns:
                var list = List(request, ListQuery.From(query));
                var items = ((JsonArray)list["items"]!).OfType<JsonObject>().ToList();
                await WriteJsonAsync(context, 200, TableConverter.Convert(columns, items, list.GetStringAt("metadata", "resourceVersion") ?? "", options.TimeProvider.GetUtcNow()));
                break;
            case "list":
                await WriteJsonAsync(context, 200, List(request, ListQuery.From(query)));
                break;
            case "watch":
                {
                    using var ends = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, _outage.Token);
                    await new WatchStream(store, options, ends.Token).RunAsync(context, request, ListQuery.From(query));
                    break;
                }
            case "create":
                var created = writer.Create(type, request.Namespace, RequestBodies.ParseObject(await ReadBodyAsync(context)), write);
                await WriteJsonAsync(context, 201, created);
                break;
            case "update" when request.Subresource == "scale":
                await WriteJsonAsync(context, 200, writer.UpdateScale(type, request.Namespace, request.Name, null, await ReadBodyAsync(context), write));
                break;
            case "update":
                await WriteJsonAsync(context, 200, writer.Replace(type, request.Namespace, request.Name, RequestBodies.ParseObject(await ReadBodyAsync(context)), write));
                break;
            case "patch" when request.Subresource == "scale":
                await WriteJsonAsync(context, 200, writer.UpdateScale(type, request.Namespace, request.Name, context.Request.ContentType ?? "", await ReadBodyAsync(context), write));
                break;
            case "apply" when query["fieldManager"].ToString().Length == 0:
                // A real server defaults no manager for apply: controllers must name themselves (kubectl sends "kubectl").
                throw ApiException.OptionRequired("PatchOptions", "fieldManager", "is required for apply patch");
            case "patch" or "apply":
                var patched = writer.Patch(type, request.Namespace, request.Name, context.Request.ContentType ?? "", await ReadBodyAsync(context), write, out var wasCreated);
                await WriteJsonAsync(context, wasCreated ? 201 : 200, patched);
                break;
            case "delete":
                var body = await ReadBodyAsync(context);
                var deleteOptions = body.Trim().Length > 0 ? RequestBodies.ParseObject(body) : null;
                dryRun |= deleteOptions?["dryRun"] is JsonArray a && a.Any(d => d?.GetValue<string>() == "All");
                await WriteJsonAsync(context, 200, writer.Delete(type, request.Namespace, request.Name, deleteOptions, dryRun));
                break;
            case "deletecollection":
                var selected = ListQuery.From(query);
                List<string> names;
                lock (store.Gate)
                {
                    names = store.Items(type, request.Namespace).Where(selected.Matches).Select(o => o["metadata"]!["name"]!.GetValue<string>()).ToList();
                }

                foreach (var name in names)
                {
                    writer.Delete(type, request.Namespace, name, null, dryRun);
                }

                await WriteJsonAsync(context, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" });
                break;
        }
    }

    /// <summary>The printer columns when the client asked for a Table; null otherwise (plain JSON).</summary>
    private IReadOnlyList<PrinterColumn>? TableColumns(HttpContext context, ApiRequest request)
    {
        if (request.Subresource.Length > 0 || !TableConverter.Wanted(context.Request.Headers.Accept.ToString()))
        {
            return null;
        }

        var crdType = store.Catalog.FindKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition")!;
        lock (store.Gate)
        {
            var crd = store.Find(crdType, "", $"{request.Type.Plural}.{request.Type.Group}");
            return TableConverter.ColumnsOf(request.Type, crd is null ? null : (JsonObject)crd.DeepClone());
        }
    }

    private JsonObject Get(ApiRequest request)
    {
        lock (store.Gate)
        {
            var found = store.Find(request.Type, request.Namespace, request.Name) ?? throw ApiException.NotFound(request.Type.Group, request.Type.Plural, request.Name);
            return ObjectStore.WithVersion(found, request.Type);
        }
    }

    private JsonObject List(ApiRequest request, ListQuery listQuery)
    {
        lock (store.Gate)
        {
            var builtin = store.Catalog.IsBuiltin(request.Type);
            var (page, token, remaining) = listQuery.Paginate(store.Items(request.Type, request.Namespace).Select(o => ListItem(o, request.Type, builtin)));
            var metadata = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) };
            if (token is not null)
            {
                metadata["continue"] = token;
                metadata["remainingItemCount"] = remaining;
            }

            return new JsonObject
            {
                ["kind"] = request.Type.ListKind,
                ["apiVersion"] = request.Type.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray(page.Select(o => (JsonNode)o).ToArray()),
            };
        }
    }

    /// <summary>
    /// A list item as a real server sends it: items of built-in kinds come from typed (protobuf-capable) storage and
    /// carry no apiVersion or kind; custom resources are unstructured and keep both. Clients fill them in from the list.
    /// </summary>
    private static JsonObject ListItem(JsonObject stored, ResourceType type, bool builtin)
    {
        var item = ObjectStore.WithVersion(stored, type);
        if (builtin)
        {
            item.Remove("apiVersion");
            item.Remove("kind");
        }

        return item;
    }

    /// <summary>fieldManager, else the program name of the User-Agent ("kubectl/v1.32 ..." -> "kubectl"), as the real server does.</summary>
    private static string ManagerOf(HttpContext context)
    {
        if (context.Request.Query["fieldManager"].ToString() is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var program = agent.Split('/', ' ')[0];
        return program.Length > 0 ? program : "unknown";
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        if (ProtobufEnvelope.IsProtobuf(context.Request.ContentType))
        {
            // kubectl's typed verbs (create configmap, create namespace, ...) send built-in kinds as protobuf.
            using var bytes = new MemoryStream();
            await context.Request.Body.CopyToAsync(bytes, context.RequestAborted);
            return ProtobufEnvelope.Decode(bytes.ToArray()).ToJsonString(JsonOptions);
        }

        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    internal static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(JsonOptions), context.RequestAborted);
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };
}
