using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Outbound;

/// <summary>
/// JSON requests to forges, chat webhooks and webhook receivers. Redirects are not followed (a redirect would carry a
/// custom token header to wherever it points); every failure is an <see cref="OutboundRequestException"/> whose
/// message names no credential.
/// </summary>
public sealed class OutboundHttp(HttpClient http)
{
    private const int MaxErrorBodyChars = 300;

    /// <summary>The client the host uses: no redirects, no cookies, a 30 s limit per request.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// Sends <paramref name="body"/> (raw bytes, so a signature covers exactly what is sent) and returns the JSON answer
    /// (null when empty or not JSON). <paramref name="showPath"/>: errors may name the URL's path (a forge API); off, only
    /// its scheme and host (a chat webhook's path is its secret).
    /// </summary>
    public async Task<(JsonNode? Body, HttpResponseHeaders Headers)> SendAsync(
        HttpMethod method, Uri uri, byte[]? body, Action<HttpRequestHeaders>? headers, bool showPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uri);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.UserAgent.ParseAdd("gitops-agent");
        request.Headers.Accept.ParseAdd("application/json");
        headers?.Invoke(request.Headers);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new OutboundRequestException($"{method} {Describe(uri, showPath)}: no answer ({ex.Message})", null, retryable: true, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var detail = text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "..." : text;
                throw new OutboundRequestException(
                    $"{method} {Describe(uri, showPath)} answered {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail.ReplaceLineEndings(" ") : "")}",
                    response.StatusCode,
                    retryable: status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
            }

            return (Parse(text), response.Headers);
        }
    }

    public Task<(JsonNode? Body, HttpResponseHeaders Headers)> SendJsonAsync(HttpMethod method, Uri uri, JsonNode? body, Action<HttpRequestHeaders>? headers, bool showPath, CancellationToken ct) =>
        SendAsync(method, uri, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), headers, showPath, ct);

    /// <summary>scheme://host, with the path when <paramref name="showPath"/>; never userinfo or the query (a token may sit there).</summary>
    public static string Describe(Uri uri, bool showPath)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{(showPath ? uri.AbsolutePath : "")}";
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Slack answers "ok" as plain text.
            return null;
        }
    }
}
