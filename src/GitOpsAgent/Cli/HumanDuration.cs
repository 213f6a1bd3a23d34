using System.Globalization;

namespace GitOpsAgent.Cli;

/// <summary>Ages as kubectl prints them: 45s, 5m, 3h, 2d.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    /// <summary>The age of an RFC 3339 timestamp at <paramref name="now"/>; "&lt;unknown&gt;" when there is none.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Format(now - at) : "<unknown>";
}
