using System.Text;

namespace GitOpsAgent.Core.Diff;

/// <summary>A unified line diff ("--- live", "+++ desired", hunks with 3 lines of context) from a longest common subsequence.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const long MaxTableCells = 4_000_000;

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
        // Objects differ in a few lines: match the common head and tail first so the quadratic table stays small.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;

        var ops = new List<(char, string, int, int)>();
        for (var i = 0; i < head; i++) ops.Add((' ', a[i], i, i));
        Middle(a, b, head, a.Length - tail, head, b.Length - tail, ops);
        for (var i = tail; i > 0; i--) ops.Add((' ', a[a.Length - i], a.Length - i, b.Length - i));
        return ops;
    }

    private static void Middle(string[] a, string[] b, int aFrom, int aTo, int bFrom, int bTo, List<(char, string, int, int)> ops)
    {
        var n = aTo - aFrom;
        var m = bTo - bFrom;
        if ((long)n * m > MaxTableCells)
        {
            // Too large to align line by line: show the whole changed block as removed, then added.
            for (var i = aFrom; i < aTo; i++) ops.Add(('-', a[i], i, bFrom));
            for (var j = bFrom; j < bTo; j++) ops.Add(('+', b[j], aTo, j));
            return;
        }

        var lcs = new int[n + 1][];
        for (var i = 0; i <= n; i++) lcs[i] = new int[m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i][j] = a[aFrom + i] == b[bFrom + j] ? lcs[i + 1][j + 1] + 1 : Math.Max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[aFrom + x] == b[bFrom + y]) { ops.Add((' ', a[aFrom + x], aFrom + x, bFrom + y)); x++; y++; }
            else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) { ops.Add(('-', a[aFrom + x], aFrom + x, bFrom + y)); x++; }
            else { ops.Add(('+', b[bFrom + y], aFrom + x, bFrom + y)); y++; }
        }
    }
}
