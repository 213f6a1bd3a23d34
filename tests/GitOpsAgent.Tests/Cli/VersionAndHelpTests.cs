using GitOpsAgent.Cli;

namespace GitOpsAgent.Tests.Cli;

public sealed class VersionAndHelpTests
{
    [Fact]
    public async Task Version_PrintsTheAssemblyVersion()
    {
        var run = await CliRun.InvokeAsync("version");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"^gitops-agent \d+\.\d+\.\d+", run.Stdout);
        Assert.Equal($"gitops-agent {VersionCommand.Version}", run.Stdout.Trim());
    }

    [Theory]
    [InlineData("run", new[] { "--kubeconfig", "--context", "--http-address", "--probe-address", "--interval", "--workers", "--shard", "--shards", "--leader-elect", "--log-format", "GITOPSAGENT_WORKERS" })]
    [InlineData("render", new[] { "source", "--revision", "--path", "--renderer", "--namespace" })]
    [InlineData("diff", new[] { "source", "--live", "--kubeconfig", "--context", "--field-manager", "--app", "--revision", "--path" })]
    [InlineData("health", new[] { "files" })]
    [InlineData("version", new string[0])]
    public async Task Help_OfEveryVerb_ExitsZeroAndMentionsItsOptions(string verb, string[] mentions)
    {
        var run = await CliRun.InvokeAsync(verb, "--help");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains(verb, run.Stdout);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, run.Stdout);
        }
    }

    [Fact]
    public async Task UnknownVerb_IsAnErrorNotTheController()
    {
        var run = await CliRun.InvokeAsync("frobnicate");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr);
    }
}
