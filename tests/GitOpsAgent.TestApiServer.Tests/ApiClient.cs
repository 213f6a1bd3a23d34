using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Raw HTTP calls to the test server, answering the status code and the JSON body.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="token">A bearer token (none: the server treats the request as its admin).</param>
    /// <param name="headers">Headers sent with every request (one value each), such as Impersonate-User.</param>
    public ApiClient(Uri baseAddress, string? token = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            _http.DefaultRequestHeaders.Add(name, value);
        }
    }

    public HttpClient Http => _http;

    public Task<(HttpStatusCode Status, JsonObject Body)> ApplyAsync(string path, JsonObject obj, string manager, bool force = false, bool dryRun = false) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}&force={(force ? "true" : "false")}{(dryRun ? "&dryRun=All" : "")}", obj.ToJsonString(), "application/apply-patch+yaml");

    public Task<(HttpStatusCode Status, JsonObject Body)> ApplyYamlAsync(string path, string yaml, string manager) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}", yaml, "application/apply-patch+yaml");

    public Task<(HttpStatusCode Status, JsonObject Body)> MergePatchAsync(string path, string json, string manager) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}", json, "application/merge-patch+json");

    public Task<(HttpStatusCode Status, JsonObject Body)> PatchAsync(string path, string body, string contentType, string manager) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}", body, contentType);

    public Task<(HttpStatusCode Status, JsonObject Body)> CreateAsync(string path, JsonObject obj, string manager = "test") =>
        SendAsync(HttpMethod.Post, $"{path}?fieldManager={manager}", obj.ToJsonString(), "application/json");

    public Task<(HttpStatusCode Status, JsonObject Body)> PutAsync(string path, JsonObject obj, string manager = "test") =>
        SendAsync(HttpMethod.Put, $"{path}?fieldManager={manager}", obj.ToJsonString(), "application/json");

    public Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<(HttpStatusCode Status, JsonObject Body)> DeleteAsync(string path, JsonObject? options = null) =>
        SendAsync(HttpMethod.Delete, path, options?.ToJsonString(), options is null ? null : "application/json");

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? []);
    }

    public void Dispose() => _http.Dispose();
}
