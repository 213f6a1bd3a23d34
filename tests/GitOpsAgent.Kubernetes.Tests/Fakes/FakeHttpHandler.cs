using System.Net;
using System.Text;

namespace GitOpsAgent.Kubernetes.Tests.Fakes;

/// <summary>A request as the fake handler saw it (body read eagerly so tests can inspect it after disposal); ContentType is the media type alone.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, string? Body, string? Authorization, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The query parameters, decoded.</summary>
    public IReadOnlyDictionary<string, string> Query => Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
}

/// <summary>
/// Answers requests with a scripted function and records them: the last handler of a cluster's pipeline, standing in
/// for the network (it never calls its inner handler).
/// </summary>
public sealed class FakeHttpHandler(Func<RecordedRequest, HttpResponseMessage> respond) : DelegatingHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body,
            request.Headers.Authorization?.ToString(), headers);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        var response = respond(recorded);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(int code, string reason, string message, string causes = "[]")
    {
        var status = new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["details"] = new System.Text.Json.Nodes.JsonObject { ["causes"] = System.Text.Json.Nodes.JsonNode.Parse(causes) },
            ["code"] = code,
        };
        return Json((HttpStatusCode)code, status.ToJsonString());
    }
}
