using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// One readable line per entry for a terminal: "12:00:01 info: Category[1001] message application=ns/app
/// reconcileId=3f2a revision=9c1e..." (scope values as key=value, quoted when they hold a space); an exception
/// follows on its own lines.
/// </summary>
internal sealed class TextLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gitops-agent-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        var line = new System.Text.StringBuilder();
        line.Append(TimeProvider.System.GetLocalNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
            .Append(' ').Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append('[').Append(logEntry.EventId.Id).Append("] ")
            .Append(message.ReplaceLineEndings(" "));
        foreach (var (key, value) in LogScopeValues.Collect(scopeProvider))
        {
            var text = LogScopeValues.Text(value);
            line.Append(' ').Append(key).Append('=').Append(text.Contains(' ', StringComparison.Ordinal) ? $"\"{text}\"" : text);
        }

        textWriter.WriteLine(line.ToString());
        if (logEntry.Exception is { } exception)
        {
            textWriter.WriteLine(exception.ToString());
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
