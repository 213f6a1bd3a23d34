using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>An open watch stream read line by line, each read bounded by a timeout.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchReader> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new WatchReader(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when none comes within the timeout or the stream ends.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            var line = await _reader.ReadLineAsync(cts.Token);
            return line is null ? null : JsonNode.Parse(line) as JsonObject;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
