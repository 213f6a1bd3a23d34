using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAgent.Chart.Tests.Promql;

/// <summary>
/// Pulls the metric names out of a PromQL expression: what is left after string literals, label matchers, range
/// selectors, grouping clauses, function calls, keywords and numbers are set aside. Enough for the expressions a
/// dashboard and alert rules hold; not a PromQL parser.
/// </summary>
public static partial class PromqlMetricNames
{
    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
        "inf", "nan", "Inf", "NaN",
    ];

    public static IReadOnlySet<string> Extract(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = RemoveBracketed(text, '{', '}');
        text = RemoveBracketed(text, '[', ']');
        text = Grouping().Replace(text, " ");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Value;
            var isCall = FollowingNonSpace(text, match.Index + match.Length) == '(';
            var isNumberPart = match.Index > 0 && (char.IsAsciiDigit(text[match.Index - 1]) || text[match.Index - 1] == '.');
            if (!isCall && !isNumberPart && !Keywords.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static char FollowingNonSpace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index < text.Length ? text[index] : '\0';
    }

    private static string RemoveBracketed(string text, char open, char close)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var ch in text)
        {
            if (ch == open)
            {
                depth++;
            }
            else if (ch == close && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                result.Append(ch);
            }
        }

        return result.ToString();
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
