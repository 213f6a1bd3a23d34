using System.Globalization;

namespace GitOpsAgent.Core.Applications;

/// <summary>Durations written the Go/Kubernetes way ("3m", "1h30m", "500ms", "1.5s"), as Flux and Argo CD users write them.</summary>
public static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i];
            var seconds = unit switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds))
            {
                return false;
            }

            total += number * seconds;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    public static TimeSpan Parse(string? text, TimeSpan fallback) => TryParse(text, out var value) ? value : fallback;

    /// <summary>"1h30m0s"-style text for messages.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return $"{(int)value.TotalMilliseconds}ms";
        }

        var parts = new List<string>();
        if (value.TotalHours >= 1) parts.Add($"{(int)value.TotalHours}h");
        if (value.Minutes > 0 || parts.Count > 0) parts.Add($"{value.Minutes}m");
        parts.Add($"{value.Seconds}s");
        return string.Concat(parts);
    }
}
