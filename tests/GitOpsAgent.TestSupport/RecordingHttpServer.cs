using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestSupport;

/// <summary>One request a <see cref="RecordingHttpServer"/> received: method, path with query, headers (any case) and body.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Path => PathAndQuery.Split('?')[0];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>What the server answers: a status, and a JSON body (or none).</summary>
public sealed record RecordedResponse(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// An HTTP receiver on 127.0.0.1 (a free port) that records every request, for checking what the controller sends a
/// forge, Slack, Teams or a webhook against each one's documented API. Answers come from a handler (a fake forge
/// keeps its state there); without one, 200 with "{}".
/// </summary>
public sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private Func<RecordedRequest, RecordedResponse?> _handler = _ => null;

    private RecordingHttpServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<RecordingHttpServer> StartAsync()
    {
        var server = new RecordingHttpServer();
        await server._app.StartAsync();
        server.BaseUrl = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Answers requests with <paramref name="handler"/>; a null answer is 200 "{}".</summary>
    public void Respond(Func<RecordedRequest, RecordedResponse?> handler) => _handler = handler;

    /// <summary>Polls (every 50 ms, for at most <paramref name="timeout"/>) until <paramref name="count"/> requests match.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForAsync(Func<RecordedRequest, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var matched = Requests.Where(match).ToList();
            if (matched.Count >= count)
            {
                return matched;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{matched.Count} of {count} expected requests arrived; received: {string.Join(", ", Requests)}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray());
        _requests.Enqueue(request);
        RecordedResponse? response;
        try
        {
            response = _handler(request);
        }
        catch (Exception ex)
        {
            response = new RecordedResponse(500, new JsonObject { ["message"] = ex.Message });
        }

        response ??= new RecordedResponse(200, new JsonObject());
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body.ToJsonString());
        }
    }
}
