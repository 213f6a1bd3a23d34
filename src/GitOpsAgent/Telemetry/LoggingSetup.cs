using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Telemetry;

/// <summary>Console logging: one JSON object per line for log collectors, or readable single lines for a terminal.</summary>
public static class LoggingSetup
{
    /// <param name="format">json, text, or auto (JSON unless stdout is a terminal outside Kubernetes).</param>
    public static void Configure(ILoggingBuilder builder, string format)
    {
        var useJson = UseJson(format, Console.IsOutputRedirected, Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
        builder.ClearProviders();
        if (useJson)
        {
            builder.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            builder.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    /// <summary>Whether <paramref name="format"/> means JSON in this environment; throws for an unknown format.</summary>
    public static bool UseJson(string format, bool outputRedirected, string? kubernetesServiceHost) => format.ToLowerInvariant() switch
    {
        "json" => true,
        "text" => false,
        "auto" => outputRedirected || !string.IsNullOrEmpty(kubernetesServiceHost),
        _ => throw new ArgumentException($"Unknown log format '{format}'; expected json, text or auto.", nameof(format)),
    };
}
