using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// One JSON object per line for log collectors, with the built-in formatter's names (Timestamp, EventId, LogLevel,
/// Category, Message, Exception, State) and every scope value as a top-level field (application, reconcileId,
/// revision), so a pipeline can filter on them without digging through a list of scopes.
/// </summary>
internal sealed class JsonLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gitops-agent-json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", logEntry.EventId.Id);
            json.WriteString("LogLevel", logEntry.LogLevel.ToString());
            json.WriteString("Category", logEntry.Category);
            json.WriteString("Message", logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "");
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("Exception", exception.ToString());
            }

            var written = new HashSet<string>(StringComparer.Ordinal) { "Timestamp", "EventId", "LogLevel", "Category", "Message", "Exception", "State" };
            foreach (var (key, value) in LogScopeValues.Collect(scopeProvider))
            {
                if (written.Add(key))
                {
                    WriteValue(json, key, value);
                }
            }

            var state = LogScopeValues.StateValues(logEntry.State).ToList();
            if (state.Count > 0)
            {
                json.WriteStartObject("State");
                foreach (var (key, value) in state)
                {
                    WriteValue(json, key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ulong or ushort or double or float or decimal:
                json.WritePropertyName(key);
                json.WriteRawValue(LogScopeValues.Text(value));
                break;
            default:
                json.WriteString(key, LogScopeValues.Text(value));
                break;
        }
    }
}
