using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// The API client over one HttpClient per cluster: rate limited (token bucket), authenticated per request, with
/// 429/5xx retries honouring Retry-After, typed errors from Status bodies and a request observer for metrics.
/// </summary>
public sealed partial class KubernetesClient : IKubernetesApi, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoffDelay = TimeSpan.FromSeconds(8);

    private readonly KubernetesClientConfiguration _config;
    private readonly HttpClient _http;
    private readonly ICredentialSource _credentials;
    private readonly TokenBucketRateLimiter _rateLimiter;
    private readonly IKubernetesRequestObserver? _observer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _serverPrefix;
    private readonly Version _httpVersion;

    /// <param name="handler">Replaces the network handler (tests, in-process servers); TLS and client certificate settings then do not apply.</param>
    public KubernetesClient(
        KubernetesClientConfiguration configuration,
        IKubernetesRequestObserver? observer = null,
        ILogger<KubernetesClient>? logger = null,
        TimeProvider? timeProvider = null,
        HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _config = configuration;
        _observer = observer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _credentials = CredentialSources.Create(configuration, _time);
        _http = new HttpClient(handler ?? KubernetesHttpHandler.Create(configuration, _credentials), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _serverPrefix = configuration.Server.ToString().TrimEnd('/');
        _httpVersion = configuration.Server.Scheme == Uri.UriSchemeHttps ? HttpVersion.Version20 : HttpVersion.Version11;
        _rateLimiter = CreateRateLimiter(configuration.Qps, configuration.Burst);
        DelayAsync = (delay, ct) => Task.Delay(delay, _time, ct);
    }

    public KubernetesClientConfiguration Configuration => _config;

    /// <summary>How retries wait; replaceable so tests can observe the delays.</summary>
    internal Func<TimeSpan, CancellationToken, Task> DelayAsync { get; set; }

    public void Dispose()
    {
        _http.Dispose();
        _rateLimiter.Dispose();
        (_credentials as IDisposable)?.Dispose();
        _discoveryGate.Dispose();
    }

    internal static TokenBucketRateLimiter CreateRateLimiter(double qps, int burst)
    {
        // Refill every 100 ms (or per token when QPS is low) so the sustained rate is QPS without a busy timer.
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(qps / 10));
        var period = TimeSpan.FromSeconds(tokensPerPeriod / Math.Max(qps, 0.001));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Sends with rate limit, credentials, timeout and retries; returns a success response or throws the typed error.</summary>
    private async Task<HttpResponseMessage> SendAsync(RequestSpec spec, CancellationToken ct)
    {
        var description = $"{spec.Method} {spec.PathAndQuery}";
        var credentialsRefreshed = false;
        for (var attempt = 0; ; attempt++)
        {
            using (var lease = await _rateLimiter.AcquireAsync(1, ct))
            {
                if (!lease.IsAcquired)
                {
                    throw new KubernetesException($"{description}: client-side rate limiter refused the request");
                }
            }

            using var request = new HttpRequestMessage(spec.Method, new Uri(_serverPrefix + spec.PathAndQuery))
            {
                Version = _httpVersion,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                Content = spec.CreateContent?.Invoke(),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Authorization = await _credentials.GetAuthorizationAsync(ct);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (!spec.Streaming)
            {
                timeout.CancelAfter(_config.RequestTimeout);
            }

            var started = _time.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, spec.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                Observe(spec, 0, started);
                throw new KubernetesTimeoutException($"{spec.Method.Method} {spec.PathAndQuery}", _config.RequestTimeout, ex);
            }
            catch (HttpRequestException ex)
            {
                Observe(spec, 0, started);
                if (spec.Method == HttpMethod.Get && attempt < _config.MaxRetries)
                {
                    var delay = Backoff(attempt);
                    Log.RetryingAfterNetworkError(_logger, spec.Verb, spec.Resource, ex.Message, delay);
                    await DelayAsync(delay, ct);
                    continue;
                }

                throw new KubernetesException($"{description}: {ex.Message}", ex);
            }

            var status = (int)response.StatusCode;
            Observe(spec, status, started);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (status == 401 && !credentialsRefreshed)
                {
                    credentialsRefreshed = true;
                    _credentials.Invalidate();
                    Log.CredentialsRejected(_logger, spec.Verb, spec.Resource);
                    continue;
                }

                if ((status == 429 || status >= 500) && attempt < _config.MaxRetries)
                {
                    var delay = RetryAfter(response) ?? Backoff(attempt);
                    Log.RetryingAfterStatus(_logger, spec.Verb, spec.Resource, status, delay);
                    await DelayAsync(delay, ct);
                    continue;
                }

                var body = await response.Content.ReadAsStringAsync(ct);
                throw StatusErrors.FromResponse(status, body, description);
            }
        }
    }

    private async Task<JsonObject> SendForObjectAsync(RequestSpec spec, CancellationToken ct)
    {
        using var response = await SendAsync(spec, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonNode.ParseAsync(stream, cancellationToken: ct) as JsonObject
            ?? throw new KubernetesException($"{spec.Method} {spec.PathAndQuery}: the response is not a JSON object");
    }

    private void Observe(RequestSpec spec, int status, long started) =>
        _observer?.OnRequest(spec.Verb, spec.Resource, status, _time.GetElapsedTime(started));

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > MaxRetryDelay ? MaxRetryDelay : value;
    }

    internal static TimeSpan Backoff(int attempt)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > MaxBackoffDelay ? MaxBackoffDelay : delay;
    }

    private string NamespaceFor(ApiResource resource, string? ns) =>
        resource.Namespaced ? (string.IsNullOrEmpty(ns) ? _config.Namespace : ns) : "";

    /// <summary>One API call: verb and resource for the observer, and a content factory so retries resend the body.</summary>
    private sealed record RequestSpec(string Verb, string Resource, HttpMethod Method, string PathAndQuery, Func<HttpContent>? CreateContent = null, bool Streaming = false);
}
