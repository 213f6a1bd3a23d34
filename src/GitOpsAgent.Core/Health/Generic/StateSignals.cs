using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Generic;

/// <summary>
/// Signals from the status fields operators use besides conditions: state words in phase, state, status, health and
/// any *Phase, *State, *Status or *Health field (also one level into an object there: applicationState.state,
/// health.status); readiness booleans (ready, readyToUse, valid, healthy); error fields (error, errorMessage,
/// failureReason, failureMessage); and Istio-style validationMessages of level ERROR.
/// </summary>
internal static class StateSignals
{
    private static readonly string[] StateSuffixes = ["phase", "state", "status", "health"];

    private static readonly string[] DetailFields = ["message", "phaseReason", "description", "lastMessage", "errorMessage"];

    private static readonly HashSet<string> ErrorFields = new(StringComparer.Ordinal) { "error", "errorMessage", "failureMessage", "failureReason", "lastError" };

    public static void Read(JsonObject status, bool runsToCompletion, List<HealthSignal> signals)
    {
        var detail = Detail(status);
        foreach (var (key, value) in status)
        {
            if (key == "conditions")
            {
                continue;
            }

            var field = $"status.{key}";
            if (IsStateKey(key))
            {
                switch (value)
                {
                    case JsonValue v when v.TryGetValue<string>(out var word):
                        Add(signals, field, key, word, detail, runsToCompletion);
                        break;
                    case JsonObject nested:
                        var nestedDetail = Detail(nested);
                        foreach (var (childKey, childValue) in nested)
                        {
                            if (IsStateKey(childKey) && childValue is JsonValue cv && cv.TryGetValue<string>(out var childWord))
                            {
                                Add(signals, $"{field}.{childKey}", childKey, childWord, nestedDetail, runsToCompletion);
                            }
                        }

                        break;
                }
            }
            else if (value is JsonValue flag && flag.TryGetValue<bool>(out var b))
            {
                FromFlag(key, b, field, signals);
            }
            else if (key == "failureReason" && status.ContainsKey("failureMessage"))
            {
                // Cluster API writes both: the message carries the reason (below).
            }
            else if (ErrorFields.Contains(key) && ErrorText(value) is { Length: > 0 } error)
            {
                var reason = key == "failureMessage" ? status.GetStringAt("failureReason") : null;
                signals.Add(new(HealthStatus.Degraded, field, reason is { Length: > 0 } ? $"{reason}: {error}" : error));
            }
            else if (key == "validationMessages" && value is JsonArray messages)
            {
                FromValidationMessages(messages, field, signals);
            }
        }
    }

    private static void Add(List<HealthSignal> signals, string field, string key, string word, string detail, bool runsToCompletion)
    {
        if (StatusWords.ClassifyState(word, runsToCompletion) is { } status)
        {
            signals.Add(new(status, field, $"{key} {word}{detail}", HasDetail: detail.Length > 0));
        }
    }

    private static void FromFlag(string key, bool value, string field, List<HealthSignal> signals)
    {
        var text = $"{field} is {(value ? "true" : "false")}";
        switch (key)
        {
            case "ready" or "readyToUse" or "available":
                signals.Add(new(value ? HealthStatus.Healthy : HealthStatus.Progressing, field, text, SignalStrength.Inferred, HasDetail: false));
                break;
            case "healthy" or "valid":
                signals.Add(new(value ? HealthStatus.Healthy : HealthStatus.Degraded, field, text, HasDetail: false));
                break;
            case "paused" or "suspended" when value:
                signals.Add(new(HealthStatus.Suspended, field, text, HasDetail: false));
                break;
        }
    }

    private static void FromValidationMessages(JsonArray messages, string field, List<HealthSignal> signals)
    {
        foreach (var item in messages.OfType<JsonObject>())
        {
            if (string.Equals(item.GetStringAt("level"), "ERROR", StringComparison.OrdinalIgnoreCase))
            {
                var text = item.GetStringAt("description") ?? item.GetStringAt("type", "name") ?? "validation error";
                signals.Add(new(HealthStatus.Degraded, field, text));
            }
        }
    }

    private static bool IsStateKey(string key)
    {
        var lower = key.ToLowerInvariant();
        return StateSuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>": reason: message" from the fields next to a state word, so the message says why.</summary>
    private static string Detail(JsonObject obj)
    {
        var reason = obj.GetStringAt("reason");
        var message = DetailFields.Select(f => Text(obj[f])).FirstOrDefault(t => t.Length > 0) ?? "";
        var text = reason is { Length: > 0 } ? $" ({reason})" : "";
        return message.Length > 0 ? $"{text}: {message}" : text;
    }

    private static string? ErrorText(JsonNode? node) => node switch
    {
        JsonObject o => o.GetStringAt("message"),
        _ => Text(node),
    };

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => string.Join("; ", a.OfType<JsonValue>().Select(x => x.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)),
        _ => "",
    };
}
