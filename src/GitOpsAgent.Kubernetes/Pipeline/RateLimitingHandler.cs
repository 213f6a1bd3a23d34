using System.Threading.RateLimiting;

namespace GitOpsAgent.Kubernetes;

/// <summary>Client-side rate limit of one cluster (QPS and burst, as client-go's): every request, retries included, waits for a token.</summary>
internal sealed class RateLimitingHandler(RateLimiter limiter) : DelegatingHandler
{
    public RateLimiter Limiter => limiter;

    public static TokenBucketRateLimiter CreateLimiter(double qps, int burst)
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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (var lease = await limiter.AcquireAsync(1, cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                throw new KubernetesException($"{request.Method} {request.RequestUri?.AbsolutePath}: client-side rate limiter refused the request");
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
