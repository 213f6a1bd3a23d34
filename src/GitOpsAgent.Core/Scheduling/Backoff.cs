using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Scheduling;

/// <summary>
/// The one backoff formula: Initial * Factor^(failures-1), capped at Max, with ±20 % jitter so retries of many
/// Applications spread out. It serves sync retries (spec.syncPolicy.retry), self-heal and the controller's own errors.
/// </summary>
public sealed record Backoff(TimeSpan Initial, double Factor, TimeSpan Max)
{
    /// <summary>spec.syncPolicy.retry.backoff defaults: 5s, doubling, at most 3m.</summary>
    public static Backoff FromPolicy(RetryBackoff? policy) => new(
        GoDuration.Parse(policy?.Duration, TimeSpan.FromSeconds(5)),
        policy?.Factor is > 1 and var factor ? factor : 2,
        GoDuration.Parse(policy?.MaxDuration, TimeSpan.FromMinutes(3)));

    /// <summary>
    /// The delay after <paramref name="failures"/> consecutive failures (1 or more). <paramref name="jitterSample"/> in
    /// [0, 1] picks the jitter (0.5 is none), so callers choose the randomness and tests stay deterministic.
    /// </summary>
    public TimeSpan Delay(int failures, double jitterSample = 0.5)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var seconds = Math.Min(Initial.TotalSeconds * Math.Pow(Factor, exponent), Max.TotalSeconds);
        var jitter = 0.8 + (0.4 * Math.Clamp(jitterSample, 0, 1));
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, Max.TotalSeconds));
    }
}
