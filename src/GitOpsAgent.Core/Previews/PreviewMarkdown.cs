using System.Text;
using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Core.Previews;

/// <summary>
/// A preview as Markdown fit for one pull-request comment: a summary table first (one row per Application), then a
/// collapsed section per Application that has something to show, with the changed fields and the diffs. Past
/// <c>maxLength</c> the diffs are left out first, then the sections are cut, each with a note saying so.
/// </summary>
public static class PreviewMarkdown
{
    public static string Write(PreviewReport report, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(report);
        var full = Render(report, withDiffs: true);
        if (full.Length <= maxLength)
        {
            return full;
        }

        var withoutDiffs = Render(report, withDiffs: false);
        if (withoutDiffs.Length <= maxLength)
        {
            return withoutDiffs;
        }

        const string Cut = "\n\n_The preview was cut here: it is longer than one comment may be. Run `gitops-agent preview` for all of it._\n";
        return withoutDiffs[..Math.Max(0, maxLength - Cut.Length)] + Cut;
    }

    private static string Render(PreviewReport report, bool withDiffs)
    {
        var sb = new StringBuilder();
        sb.Append("### GitOpsAgent preview: `").Append(Short(report.Base)).Append("` → `").Append(Short(report.Head)).Append("`\n\n");
        if (report.Applications.Count == 0)
        {
            sb.Append("No Application sources from ").Append(Code(report.Repository)).Append(".\n");
            return sb.ToString();
        }

        sb.Append(Summary(report)).Append("\n\n");
        sb.Append("| Application | Path | Created | Modified | Pruned | Unchanged | Result |\n");
        sb.Append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var app in report.Applications)
        {
            var counted = app.Outcome is PreviewOutcome.Changed or PreviewOutcome.Unchanged;
            sb.Append("| ").Append(Code(Name(app))).Append(" | ").Append(Code(app.Path)).Append(" | ")
                .Append(counted ? Count(app, DiffAction.Create) : "-").Append(" | ")
                .Append(counted ? Count(app, DiffAction.Modified) : "-").Append(" | ")
                .Append(counted ? Count(app, DiffAction.Prune) : "-").Append(" | ")
                .Append(counted ? Count(app, DiffAction.InSync) : "-").Append(" | ")
                .Append(Result(app)).Append(" |\n");
        }

        foreach (var app in report.Applications.Where(a => a.Outcome is PreviewOutcome.Changed or PreviewOutcome.Failed || a.LiveChanges?.Any(c => !c.IsInSync) == true || a.Notes.Count > 0))
        {
            sb.Append('\n').Append(Section(app, withDiffs));
        }

        return sb.ToString();
    }

    private static string Summary(PreviewReport report)
    {
        var apps = report.Applications;
        var parts = new List<string> { Plural(apps.Count, "Application") + " on " + Code(report.Repository) };
        AddCount(parts, apps.Count(a => a.Outcome == PreviewOutcome.Changed), "changed");
        AddCount(parts, apps.Count(a => a.Outcome == PreviewOutcome.Unchanged), "unchanged");
        AddCount(parts, apps.Count(a => a.Outcome == PreviewOutcome.Unaffected), "not affected (inputs unchanged)");
        AddCount(parts, apps.Count(a => a.Outcome == PreviewOutcome.Failed), "**with errors**");
        return string.Join(", ", parts) + ".";

        static void AddCount(List<string> parts, int n, string what)
        {
            if (n > 0)
            {
                parts.Add($"{n} {what}");
            }
        }
    }

    private static string Section(ApplicationPreview app, bool withDiffs)
    {
        var sb = new StringBuilder();
        var open = app.Outcome == PreviewOutcome.Failed ? " open" : "";
        sb.Append("<details").Append(open).Append("><summary><code>").Append(Html(Name(app))).Append("</code>: ").Append(Html(Headline(app))).Append("</summary>\n\n");
        if (app.Errors.Count > 0)
        {
            sb.Append("**Errors**\n\n```text\n");
            foreach (var error in app.Errors)
            {
                sb.Append(Fence(error)).Append('\n');
            }

            sb.Append("```\n\n");
        }

        foreach (var note in app.Notes)
        {
            sb.Append("> ").Append(note.ReplaceLineEndings(" ")).Append("\n\n");
        }

        if (app.ChangedInputs.Count > 0)
        {
            sb.Append("Changed inputs: ").Append(string.Join(", ", app.ChangedInputs.Take(10).Select(Code)))
                .Append(app.ChangedInputs.Count > 10 ? $" and {app.ChangedInputs.Count - 10} more" : "").Append("\n\n");
        }

        AppendChanges(sb, app.Changes, withDiffs);
        if (app.LiveChanges is { } live)
        {
            sb.Append("**Against the live cluster** (three-way, as the controller would apply the head)\n\n");
            if (live.All(c => c.IsInSync))
            {
                sb.Append("Nothing would change.\n\n");
            }
            else
            {
                AppendChanges(sb, live, withDiffs);
            }
        }

        sb.Append("</details>\n");
        return sb.ToString();
    }

    private static void AppendChanges(StringBuilder sb, IReadOnlyList<ResourceDiff> changes, bool withDiffs)
    {
        foreach (var (action, title) in new[] { (DiffAction.Create, "Created"), (DiffAction.Modified, "Modified"), (DiffAction.Prune, "Pruned") })
        {
            var diffs = changes.Where(c => c.Action == action).ToList();
            if (diffs.Count == 0)
            {
                continue;
            }

            sb.Append("**").Append(title).Append("**\n\n");
            foreach (var diff in diffs)
            {
                sb.Append("- ").Append(Code(diff.Key.ToString()));
                if (diff.Differences.Count > 0)
                {
                    sb.Append(": ").Append(string.Join(", ", diff.Differences.Select(f => Code(f.Path))));
                }

                sb.Append('\n');
            }

            sb.Append('\n');
            if (withDiffs && diffs.Any(d => d.UnifiedDiff.Length > 0))
            {
                sb.Append("```diff\n");
                foreach (var diff in diffs.Where(d => d.UnifiedDiff.Length > 0))
                {
                    sb.Append("# ").Append(diff.Key).Append('\n').Append(Fence(diff.UnifiedDiff.TrimEnd('\n'))).Append('\n');
                }

                sb.Append("```\n\n");
            }
        }
    }

    private static string Headline(ApplicationPreview app) => app.Outcome switch
    {
        PreviewOutcome.Failed => "render error",
        PreviewOutcome.Changed => string.Join(", ", new[] { (DiffAction.Create, "created"), (DiffAction.Modified, "modified"), (DiffAction.Prune, "pruned") }
            .Where(p => app.Count(p.Item1) > 0).Select(p => $"{app.Count(p.Item1)} {p.Item2}")),
        PreviewOutcome.Unchanged => "no change from the base",
        _ => "inputs unchanged",
    };

    private static string Result(ApplicationPreview app) => app.Outcome switch
    {
        PreviewOutcome.Failed => "**render error**",
        PreviewOutcome.Changed => "changes",
        PreviewOutcome.Unchanged => "no change",
        _ => "inputs unchanged, not rendered",
    };

    private static string Count(ApplicationPreview app, DiffAction action) => app.Count(action).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Name(ApplicationPreview app) => $"{app.Application.Namespace}/{app.Application.Name}";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";

    /// <summary>Inline code that survives backticks and pipes in the text (a table cell).</summary>
    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>Text inside a fenced block must not close it.</summary>
    private static string Fence(string text) => text.Replace("```", "'''", StringComparison.Ordinal);
}
