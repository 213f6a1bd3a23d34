using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// Console logging: one JSON object per line for log collectors, or readable single lines for a terminal, both with
/// the scope values (application, reconcileId, revision) as fields. ASP.NET Core's per-request Information lines
/// (two per probe, so dozens a minute per pod) are off unless Logging:LogLevel:Microsoft.AspNetCore asks for them.
/// </summary>
public static class LoggingSetup
{
    /// <summary>The values --log-format takes.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["json", "text", "auto"];

    private const string AspNetCoreCategory = "Microsoft.AspNetCore";

    /// <param name="format">json, text, or auto (JSON unless stdout is a terminal outside Kubernetes).</param>
    /// <param name="configuration">The host's configuration: a Logging:LogLevel:Microsoft.AspNetCore there wins over our default.</param>
    public static void Configure(ILoggingBuilder builder, string format, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var useJson = UseJson(format, Console.IsOutputRedirected, Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
        builder.ClearProviders();
        builder.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        builder.AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>();
        builder.AddConsole(options => options.FormatterName = useJson ? JsonLogFormatter.FormatterName : TextLogFormatter.FormatterName);
        if (configuration?[$"Logging:LogLevel:{AspNetCoreCategory}"] is null)
        {
            builder.AddFilter(AspNetCoreCategory, LogLevel.Warning);
        }
    }

    /// <summary>Whether <paramref name="format"/> means JSON in this environment; throws for an unknown format.</summary>
    public static bool UseJson(string format, bool outputRedirected, string? kubernetesServiceHost)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            "auto" => outputRedirected || !string.IsNullOrEmpty(kubernetesServiceHost),
            _ => throw new ArgumentException($"--log-format: \"{format}\" must be one of {string.Join(", ", Formats)}"),
        };
    }
}
