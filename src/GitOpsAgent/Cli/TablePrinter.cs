namespace GitOpsAgent.Cli;

/// <summary>Columns as kubectl prints them: upper-case headers, each column as wide as its widest cell plus three spaces, the last not padded.</summary>
internal static class TablePrinter
{
    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = new List<IReadOnlyList<string>> { headers.Select(h => h.ToUpperInvariant()).ToList() };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, headers.Count).Select(i => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in all)
        {
            var cells = Enumerable.Range(0, headers.Count).Select(i => i < row.Count ? row[i] : "").ToList();
            var line = string.Concat(cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i] + 3)));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }
}
