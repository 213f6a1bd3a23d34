using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Previews;

public sealed class PreviewMarkdownTests
{
    private static PreviewReport LargeReport()
    {
        var identity = new AppIdentity("shop", "web");
        var head = Enumerable.Range(0, 200).Select(i => Tracking.Stamp(TestData.Yaml($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{i}, namespace: shop}}\ndata: {{key: \"{new string('x', 80)}\"}}\n"), identity)).ToList();
        var changes = PreviewComparer.Compare([], head, new DiffOptions());
        return new PreviewReport("https://git.example.test/shop/config.git", new string('a', 40), new string('b', 40), [new ApplicationPreview(identity, "apps/web") { Rendered = true, Changes = changes }]);
    }

    [Fact]
    public void Write_LongerThanTheLimit_LeavesTheDiffsOutFirst()
    {
        var report = LargeReport();
        var full = PreviewMarkdown.Write(report);

        var limited = PreviewMarkdown.Write(report, maxLength: full.Length - 1);

        Assert.Contains("```diff", full, StringComparison.Ordinal);
        Assert.DoesNotContain("```diff", limited, StringComparison.Ordinal);
        Assert.Contains("`ConfigMap shop/cm-199`", limited, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TooLongEvenWithoutDiffs_IsCutWithANoteWithinTheLimit()
    {
        var limited = PreviewMarkdown.Write(LargeReport(), maxLength: 2000);

        Assert.True(limited.Length <= 2000, $"{limited.Length} characters");
        Assert.EndsWith("Run `gitops-agent preview` for all of it._\n", limited, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitCode_ErrorsWinOverChanges_AndChangesOverNothing()
    {
        var changed = LargeReport().Applications[0];
        var failed = new ApplicationPreview(new AppIdentity("shop", "db"), "apps/db") { Rendered = true, Errors = ["apps/db/x.yaml:3: broken"] };
        var unaffected = new ApplicationPreview(new AppIdentity("shop", "api"), "apps/api");

        Assert.Equal(2, new PreviewReport("r", "a", "b", [changed, failed]).ExitCode);
        Assert.Equal(1, new PreviewReport("r", "a", "b", [changed, unaffected]).ExitCode);
        Assert.Equal(0, new PreviewReport("r", "a", "b", [unaffected]).ExitCode);
    }

    [Fact]
    public void Write_SecretChanges_NeverShowAValueInMarkdownOrJson()
    {
        var input = TestData.ReadObject(Path.Combine(TestData.Folder("tests/GitOpsAgent.Core.Tests/Previews/testdata"), "secret-values-masked", "case.yaml"))!;
        var report = PreviewGoldenTests.Build(input);

        var outputs = PreviewMarkdown.Write(report) + PreviewJson.Serialize(report);

        foreach (var secret in new[] { "hunter2", "correct-horse-battery-staple", "s3cr3t-t0ken", "c3VwZXJzZWNyZXQ=", "supersecret", "aHVudGVyMg" })
        {
            Assert.DoesNotContain(secret, outputs, StringComparison.Ordinal);
        }

        Assert.Contains("`data.password`", outputs, StringComparison.Ordinal);
    }
}
