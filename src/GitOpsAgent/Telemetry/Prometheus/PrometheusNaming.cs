using System.Text;

namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>
/// Turns OpenTelemetry instrument names, units and attribute keys into valid Prometheus names, following the
/// OpenTelemetry-to-Prometheus compatibility rules: dots become underscores, the unit becomes a suffix unless the
/// name already ends with it, and counters end in _total.
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnitWords = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The exposed family name for an instrument: sanitized, unit-suffixed, and _total for counters.</summary>
    public static string FamilyName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = SanitizeMetricName(instrumentName);
        var unitSuffix = UnitSuffix(unit, type);
        if (type == PrometheusMetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        if (unitSuffix.Length > 0 && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal) && name != unitSuffix)
        {
            name = name + "_" + unitSuffix;
        }

        return type == PrometheusMetricType.Counter ? name + "_total" : name;
    }

    /// <summary>The suffix a UCUM unit adds to a name ("s" → "seconds", "By" → "bytes", "{thing}" → none, "1" → "ratio" for gauges).</summary>
    public static string UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        // Annotations in curly braces ("{request}") are descriptive only.
        var withoutAnnotations = RemoveAnnotations(unit).Trim();
        if (withoutAnnotations.Length == 0)
        {
            return "";
        }

        if (withoutAnnotations == "1")
        {
            return type == PrometheusMetricType.Gauge ? "ratio" : "";
        }

        var slash = withoutAnnotations.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var numerator = MainUnitWord(withoutAnnotations[..slash]);
            var denominatorText = withoutAnnotations[(slash + 1)..];
            var denominator = PerUnitWords.TryGetValue(denominatorText, out var per) ? per : SanitizeNamePart(denominatorText);
            return Collapse(numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator);
        }

        return Collapse(MainUnitWord(withoutAnnotations));
    }

    /// <summary>A metric name made of [a-zA-Z0-9_], not starting with a digit, without repeated or edge underscores.</summary>
    public static string SanitizeMetricName(string name)
    {
        // Colons are legal but reserved for recording rules (promtool warns on them), so they go too.
        var sanitized = Collapse(SanitizeNamePart(name));
        if (sanitized.Length == 0)
        {
            return "unnamed";
        }

        return char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }

    /// <summary>A label name made of [a-zA-Z0-9_], not starting with a digit nor with the reserved "__".</summary>
    public static string SanitizeLabelName(string key)
    {
        var sanitized = Collapse(SanitizeNamePart(key));
        if (sanitized.Length == 0)
        {
            return "key";
        }

        return char.IsAsciiDigit(sanitized[0]) ? "key_" + sanitized : sanitized;
    }

    private static string MainUnitWord(string unit) =>
        UnitWords.TryGetValue(unit, out var word) ? word : SanitizeNamePart(unit);

    private static string RemoveAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string SanitizeNamePart(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '_' && (builder.Length == 0 || builder[^1] == '_'))
            {
                continue;
            }

            builder.Append(c);
        }

        while (builder.Length > 0 && builder[^1] == '_')
        {
            builder.Length--;
        }

        return builder.ToString();
    }
}
