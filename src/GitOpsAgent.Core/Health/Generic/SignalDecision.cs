namespace GitOpsAgent.Core.Health.Generic;

/// <summary>
/// One verdict from many signals: the worst credible one wins (Degraded, then Progressing, then Healthy). Credible:
/// a suspension outranks everything but an explicit failure (a paused object is not expected to progress or be
/// ready), and a Degraded only inferred from a readiness condition that is False, with nothing saying why, yields to
/// an explicit report of work under way (Loki's Pending True next to Ready False). When signals disagree, the message
/// names the field that decided and one that disagreed.
/// </summary>
internal static class SignalDecision
{
    public static HealthResult Decide(IReadOnlyList<HealthSignal> signals)
    {
        if (signals.Count == 0)
        {
            return HealthResult.Healthy();
        }

        IEnumerable<HealthSignal> winners = WorstOf(signals);
        if (signals.Any(s => s.Status == HealthStatus.Suspended))
        {
            var failures = signals.Where(s => s.Status == HealthStatus.Degraded && s.Strength == SignalStrength.Explicit).ToList();
            winners = failures.Count > 0 ? failures : signals.Where(s => s.Status == HealthStatus.Suspended);
        }
        else if (signals.All(s => s.Status != HealthStatus.Degraded || s.Strength == SignalStrength.Inferred)
            && signals.Any(s => s.Status == HealthStatus.Degraded)
            && signals.Where(s => s.Status == HealthStatus.Progressing && s.Strength == SignalStrength.Explicit).ToList() is { Count: > 0 } progress)
        {
            winners = progress;
        }

        // Among equals: the one in the operator's own words, then the firmest (Stalled True before Ready False), then the first read.
        var winner = winners.OrderByDescending(s => s.HasDetail).ThenByDescending(s => s.Strength).First();
        var disagreeing = signals.Where(s => s.Status != winner.Status).ToList();
        if (disagreeing.Count == 0)
        {
            return new(winner.Status, winner.Text);
        }

        var other = disagreeing[0];
        var more = disagreeing.Count > 1 ? $" and {disagreeing.Count - 1} more" : "";
        return new(winner.Status, $"{winner.Text} ({winner.Field} decided; {other.Field} says {other.Status}{more})");
    }

    private static IEnumerable<HealthSignal> WorstOf(IReadOnlyList<HealthSignal> signals)
    {
        var worst = signals.Max(s => s.Status.Severity());
        return signals.Where(s => s.Status.Severity() == worst);
    }
}
