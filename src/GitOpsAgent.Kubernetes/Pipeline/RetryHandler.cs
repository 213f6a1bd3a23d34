using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Retries 429 and 5xx answers (honouring Retry-After, capped) and, for GETs only, connection failures, with a
/// bounded exponential backoff; the last answer goes back to the library, which turns it into an error. A 429 with
/// Retry-After (API Priority and Fairness shedding load) holds every new request of the cluster until then, not only
/// the refused one: the whole controller slows down instead of spending its retries.
/// </summary>
internal sealed partial class RetryHandler : DelegatingHandler
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoffDelay = TimeSpan.FromSeconds(8);
    private readonly int _maxRetries;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _heldUntilUtcTicks;

    public RetryHandler(int maxRetries, TimeProvider time, ILogger logger)
    {
        _maxRetries = maxRetries;
        _time = time;
        _logger = logger;
        Delay = (delay, ct) => Task.Delay(delay, _time, ct);
    }

    /// <summary>How retries wait; replaceable so tests can see the delays without waiting them out.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; }

    internal static TimeSpan Backoff(int attempt)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > MaxBackoffDelay ? MaxBackoffDelay : delay;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A request message is sent once; retries send copies, so the body is kept as bytes.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        await WaitOutHoldAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var attemptRequest = attempt == 0 ? request : Copy(request, body);
            var info = RequestInfo.Of(request);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(attemptRequest, cancellationToken);
            }
            catch (HttpRequestException ex) when (request.Method == HttpMethod.Get && attempt < _maxRetries)
            {
                DisposeCopy(attemptRequest, request);
                var backoff = Backoff(attempt);
                Log.RetryingAfterNetworkError(_logger, info.Verb, info.Resource, ex.Message, backoff);
                await Delay(backoff, cancellationToken);
                continue;
            }

            var status = (int)response.StatusCode;
            if ((status == 429 || status >= 500) && attempt < _maxRetries)
            {
                var retryAfter = RetryAfter(response);
                if (status == 429 && retryAfter is { } held)
                {
                    Hold(_time.GetUtcNow() + held);
                }

                var delay = retryAfter ?? Backoff(attempt);
                response.Dispose();
                DisposeCopy(attemptRequest, request);
                Log.RetryingAfterStatus(_logger, info.Verb, info.Resource, status, delay);
                await Delay(delay, cancellationToken);
                continue;
            }

            return response;
        }
    }

    /// <summary>Moves the hold later (never earlier: concurrent 429s keep the latest Retry-After).</summary>
    private void Hold(DateTimeOffset until)
    {
        var current = Interlocked.Read(ref _heldUntilUtcTicks);
        while (until.UtcTicks > current)
        {
            var seen = Interlocked.CompareExchange(ref _heldUntilUtcTicks, until.UtcTicks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private async Task WaitOutHoldAsync(CancellationToken ct)
    {
        var remaining = new DateTimeOffset(Interlocked.Read(ref _heldUntilUtcTicks), TimeSpan.Zero) - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Delay(remaining, ct);
        }
    }

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

    private static void DisposeCopy(HttpRequestMessage sent, HttpRequestMessage original)
    {
        if (!ReferenceEquals(sent, original))
        {
            sent.Dispose();
        }
    }

    private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? body)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri)
        {
            Version = original.Version,
            VersionPolicy = original.VersionPolicy,
        };
        foreach (var (name, values) in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var (name, values) in original.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }
}
