using System.Text;

namespace GitOpsAgent.Core.Variables;

/// <summary>
/// Strict <c>${name}</c> expansion (Flux postBuild.substitute's syntax): <c>${name}</c> is the variable's value,
/// <c>${name:=default}</c> the default when the variable is undefined, <c>$${name}</c> a literal <c>${name}</c>; a lone
/// <c>$</c> or <c>$name</c> is left as it is. An undefined variable without a default is an error naming it, the
/// file and the line, never an empty string.
/// </summary>
public static class VariableExpander
{
    /// <summary>The expanded text; <paramref name="text"/> itself when it holds no "${".</summary>
    public static string Expand(string text, VariableSet variables, string file, int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var line = firstLine;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }

            if (c != '$')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (At(text, i + 1, "${"))
            {
                // "$${" escapes: the reference stays as written, less one '$'.
                var close = text.IndexOf('}', i + 3);
                var end = close < 0 ? text.Length : close + 1;
                result.Append(text, i + 1, end - i - 1);
                line += Count(text, i + 1, end, '\n');
                i = end;
                continue;
            }

            if (!At(text, i + 1, "{"))
            {
                result.Append(c);
                i++;
                continue;
            }

            var closing = text.IndexOf('}', i + 2);
            var newline = text.IndexOf('\n', i + 2);
            if (closing < 0 || (newline >= 0 && newline < closing))
            {
                throw new VariableException(file, line, "\"${\" is not closed by \"}\" on its line (write $${ for a literal ${)");
            }

            var reference = text[(i + 2)..closing];
            result.Append(Resolve(reference, variables, file, line));
            i = closing + 1;
        }

        return result.ToString();
    }

    private static string Resolve(string reference, VariableSet variables, string file, int line)
    {
        var separator = reference.IndexOf(":=", StringComparison.Ordinal);
        var name = separator < 0 ? reference : reference[..separator];
        if (!IsReferenceName(name))
        {
            throw new VariableException(file, line, $"\"${{{name}}}\" is not a variable reference: names are letters, digits and '_', or cluster.name and cluster.labels.KEY (write $${{ for a literal ${{)");
        }

        if (variables.TryGet(name, out var value))
        {
            return value;
        }

        return separator >= 0
            ? reference[(separator + 2)..]
            : throw new VariableException(file, line, $"variable \"{name}\" is not defined (give it a default with ${{{name}:=value}}, or write $${{{name}}} for a literal)");
    }

    private static bool IsReferenceName(string name) =>
        VariableSet.IsUserName(name)
        || name == VariableSet.ClusterName
        || (name.StartsWith(VariableSet.ClusterLabelPrefix, StringComparison.Ordinal) && name.Length > VariableSet.ClusterLabelPrefix.Length
            && name[VariableSet.ClusterLabelPrefix.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'));

    private static bool At(string text, int index, string expected) =>
        index + expected.Length <= text.Length && string.CompareOrdinal(text, index, expected, 0, expected.Length) == 0;

    private static int Count(string text, int start, int end, char c)
    {
        var n = 0;
        for (var i = start; i < end; i++)
        {
            if (text[i] == c)
            {
                n++;
            }
        }

        return n;
    }
}
