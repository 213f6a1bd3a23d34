using System.Text;

namespace GitOpsAgent.Core.Diff;

/// <summary>A unified line diff ("--- live", "+++ desired", hunks with 3 lines of context) from a longest common subsequence.</summary>
internal static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string live, string desired, string fromLabel = "live", string toLabel = "desired")
    {
        var a = SplitLines(live);
        var b = SplitLines(desired);
        var ops = Operations(a, b);
        if (ops.All(o => o.Kind == ' ')) return "";

        var sb = new StringBuilder();
        sb.Append("--- ").Append(fromLabel).Append('\n').Append("+++ ").Append(toLabel).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ') { i++; continue; }
            var start = Math.Max(0, i - Context);
            var end = i;
            // Extend the hunk while changes are at most 2*Context lines apart.
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ') { end++; continue; }
                var next = end;
                while (next < ops.Count && ops[next].Kind == ' ') next++;
                if (next < ops.Count && next - end <= 2 * Context) { end = next; continue; }
                break;
            }

            var stop = Math.Min(ops.Count, end + Context);
            var aStart = ops[start].A;
            var bStart = ops[start].B;
            var aCount = ops.Skip(start).Take(stop - start).Count(o => o.Kind != '+');
            var bCount = ops.Skip(start).Take(stop - start).Count(o => o.Kind != '-');
            sb.Append("@@ -").Append(aStart + (aCount > 0 ? 1 : 0)).Append(',').Append(aCount)
              .Append(" +").Append(bStart + (bCount > 0 ? 1 : 0)).Append(',').Append(bCount).Append(" @@\n");
            for (var k = start; k < stop; k++)
            {
                sb.Append(ops[k].Kind).Append(ops[k].Text).Append('\n');
            }

            i = stop;
        }

        return sb.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>Edit script: ' ' keep, '-' only in a (live), '+' only in b (desired); A/B are 0-based line positions before the op.</summary>
    private static List<(char Kind, string Text, int A, int B)> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, string, int, int)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', a[x], x, y)); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { ops.Add(('-', a[x], x, y)); x++; }
            else { ops.Add(('+', b[y], x, y)); y++; }
        }

        return ops;
    }
}
