using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>
/// A file glob for directory include/exclude lists. Paths are relative, with '/' separators.
/// "*" matches within one path segment, "**" across segments, "?" one character, "[abc]" a set, "{a,b}" alternatives.
/// A pattern without '/' matches the file name in any folder (like .gitignore), so "*.yaml" means every YAML file.
/// </summary>
public sealed class GlobPattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex regex;
    private readonly bool matchNameOnly;

    public GlobPattern(string pattern)
        : this(pattern, wholeValue: false)
    {
    }

    private GlobPattern(string pattern, bool wholeValue)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        var trimmed = !wholeValue && pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern;
        matchNameOnly = !wholeValue && !trimmed.Contains('/', StringComparison.Ordinal);
        regex = new Regex("^" + ToRegex(trimmed) + "$", RegexOptions.CultureInvariant, MatchTimeout);
    }

    /// <summary>
    /// The same syntax matched against a whole value, never just its last segment (repository URLs, namespaces, kinds
    /// in policies: "team-*" must not match ".../x/team-b").
    /// </summary>
    public static GlobPattern ForWholeValue(string pattern) => new(pattern, wholeValue: true);

    public string Pattern { get; }

    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/');
        if (matchNameOnly)
        {
            var slash = path.LastIndexOf('/');
            return regex.IsMatch(path) || (slash >= 0 && regex.IsMatch(path[(slash + 1)..]));
        }

        return regex.IsMatch(path);
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        var braceDepth = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        // "**/" also matches no folder at all.
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var set = glob[(i + 1)..close];
                    var negate = set.StartsWith('!') || set.StartsWith('^');
                    sb.Append('[').Append(negate ? "^" : "").Append(EscapeSet(negate ? set[1..] : set)).Append(']');
                    i = close;
                    break;
                case '{':
                    braceDepth++;
                    sb.Append("(?:");
                    break;
                case '}' when braceDepth > 0:
                    braceDepth--;
                    sb.Append(')');
                    break;
                case ',' when braceDepth > 0:
                    sb.Append('|');
                    break;
                case '\\' when i + 1 < glob.Length:
                    i++;
                    sb.Append(Regex.Escape(glob[i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        // An unclosed brace is taken literally rather than failing.
        return braceDepth == 0 ? sb.ToString() : Regex.Escape(glob);
    }

    private static string EscapeSet(string set) => set.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal);
}
