using GitOpsAgent.Demo;

namespace GitOpsAgent.Tests.Cli;

/// <summary>The README's first command (tests/GitOpsAgent.Demo): every sample Application ends Synced and Healthy, the manual one through `app sync`, and the result table comes last.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_EverySampleApplication_IsReadyAndTheResultTableComesLast()
    {
        using var output = new StringWriter();

        var exit = await DemoRun.RunAsync(new DemoOptions(TimeSpan.FromSeconds(180), Keep: false), output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        // A sample that pulls a chart from the internet is named and left out (this machine may have no network).
        var samples = Directory.GetFiles(Path.Combine(TestSupport.RepositoryRoot.Path, "samples", "applications"), "*.yaml")
            .Count(f => !File.ReadAllText(f).Contains("\n    chart: ", StringComparison.Ordinal));
        Assert.Contains("skipped     ingress-nginx-chart.yaml: chart ingress-nginx comes from", text, StringComparison.Ordinal);
        Assert.Contains($"RESULT: all {samples} Applications are Synced and Healthy.", text);
        Assert.Contains("automated sync is off; gitops-agent app sync guestbook-production -n gitops-agent", text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.FindIndex(lines, l => l.StartsWith("NAMESPACE ", StringComparison.Ordinal));
        Assert.True(header > 0, text);
        Assert.Equal(samples, lines.Skip(header + 1).TakeWhile(l => !l.StartsWith("RESULT", StringComparison.Ordinal)).Count(l => l.Contains(" True ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines.Skip(header), l => l.StartsWith('['));
    }

    [Theory]
    [InlineData(new string[0], 120, false)]
    [InlineData(new[] { "60" }, 60, false)]
    [InlineData(new[] { "--keep", "--timeout", "30" }, 30, true)]
    public void Parse_Arguments_GivesTimeoutAndKeep(string[] args, int seconds, bool keep)
    {
        Assert.Equal(new DemoOptions(TimeSpan.FromSeconds(seconds), keep), DemoOptions.Parse(args));
    }

    [Fact]
    public void Parse_UnknownArgument_Throws()
    {
        Assert.Throws<ArgumentException>(() => DemoOptions.Parse(["--forever"]));
    }
}
