using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// The values of a log line's scopes as (key, value) pairs: a scope of key-value pairs (the reconcile's application,
/// reconcileId and revision) gives each pair, any other scope its text under the key "scope". Both console formats
/// print these, so a scope never shows as the name of a dictionary type.
/// </summary>
internal static class LogScopeValues
{
    private const string OriginalFormat = "{OriginalFormat}";

    public static List<KeyValuePair<string, object?>> Collect(IExternalScopeProvider? scopes)
    {
        var values = new List<KeyValuePair<string, object?>>();
        scopes?.ForEachScope((scope, list) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                list.AddRange(pairs.Where(p => p.Key != OriginalFormat));
            }
            else if (scope is not null)
            {
                list.Add(new("scope", scope));
            }
        }, values);
        return values;
    }

    /// <summary>The structured arguments of a message (not its template).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> StateValues<TState>(TState state) =>
        state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.Where(p => p.Key != OriginalFormat) : [];

    public static string Text(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
