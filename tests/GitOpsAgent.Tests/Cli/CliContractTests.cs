using System.CommandLine;
using GitOpsAgent.Cli;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// What every verb promises, checked by walking the command tree (so a verb added later is covered too): --help
/// exits 0, an unknown flag exits 2, and bad input gets one line naming the problem and exit 2, never a stack trace.
/// </summary>
public sealed class CliContractTests
{
    /// <summary>Every verb that runs, as its path of names: ["app", "sync"], ["render"], ...</summary>
    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Leaves(CommandLine.CreateRoot(CliContext.Console), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    /// <summary>The verbs that talk to a cluster (they take --kubeconfig).</summary>
    public static TheoryData<string> ClusterVerbs()
    {
        var data = new TheoryData<string>();
        foreach (var verb in Verbs().Select(v => (string)v.Data).Where(v => Find(v).Options.Any(o => o.Name == "--kubeconfig")))
        {
            data.Add(verb);
        }

        return data;
    }

    private static Command Find(string verb) =>
        verb.Split(' ').Aggregate((Command)CommandLine.CreateRoot(CliContext.Console), (c, name) => c.Subcommands.Single(s => s.Name == name));

    private static IEnumerable<string[]> Leaves(Command command, string[] path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path;
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }

    [Fact]
    public void Verbs_IncludeEveryVerbTheIssueAsksFor()
    {
        var verbs = Verbs().Select(v => (string)v.Data).ToHashSet();

        foreach (var verb in new[] { "run", "render", "diff", "health", "version", "trace", "app list", "app get", "app diff", "app sync", "app refresh", "app wait", "app history", "app rollback", "app suspend", "app resume" })
        {
            Assert.Contains(verb, verbs);
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_OfEveryVerb_ExitsZeroWithUsage(string verb)
    {
        var run = await CliRun.InvokeAsync([.. verb.Split(' '), "--help"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Usage:", run.Stdout);
        Assert.Contains(verb.Split(' ')[^1], run.Stdout);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task UnknownFlag_OnEveryVerb_ExitsTwoNamingIt(string verb)
    {
        var run = await CliRun.InvokeAsync([.. verb.Split(' '), "--bogus-flag"]);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--bogus-flag", run.Stderr);
        Assert.StartsWith("error: ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [MemberData(nameof(ClusterVerbs))]
    public async Task UnreadableKubeconfig_OnEveryVerbThatTakesOne_ExitsTwoWithOneLineNamingIt(string verb)
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "no-such-kubeconfig");
        var run = await CliRun.InvokeAsync([.. verb.Split(' '), .. ArgumentsFor(verb, dir), "--kubeconfig", missing]);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Equal($"error: kubeconfig file {missing} does not exist", run.Stderr.Trim());
    }

    /// <summary>Arguments that make each verb reach the point where it connects.</summary>
    private static string[] ArgumentsFor(string verb, TempDirectory dir) => verb switch
    {
        "run" => [],
        "diff" => [dir.Write("cm.yaml", CliManifests.ConfigMap)],
        "version" => ["--cluster"],
        "trace" => ["deployment/web"],
        "app list" => [],
        "app diff" => ["web"],
        "app rollback" => ["web", "1"],
        "preview" => ["--repo", "https://git.example.test/config.git", "--base", "main", "--head", "main"],
        _ => ["web"],
    };

    [Theory]
    [InlineData("render")]
    [InlineData("app get")]
    [InlineData("app")]
    [InlineData("trace")]
    public async Task MissingArgumentOrVerb_ExitsTwo(string args)
    {
        var run = await CliRun.InvokeAsync(args.Split(' '));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains($"Run 'gitops-agent {args} --help' for usage.", run.Stderr);
    }

    [Theory]
    [InlineData("render --renderer Foo .", "'Foo'")]
    [InlineData("diff . --renderer kustomize --live x", "'kustomize'")]
    [InlineData("app wait web --for Happy", "'Happy'")]
    [InlineData("app sync web --timeout soon", "--timeout: \"soon\"")]
    [InlineData("app list -o table", "'table'")]
    [InlineData("app rollback web first", "first")]
    public async Task ValueOutsideWhatAnOptionTakes_ExitsTwoOnOneLine(string args, string named)
    {
        var run = await CliRun.InvokeAsync(args.Split(' '));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        var first = run.Stderr.Split('\n')[0];
        Assert.StartsWith("error: ", first);
        Assert.Contains(named, first);
    }

    [Theory]
    [InlineData(new string[0], new[] { "run" })]
    [InlineData(new[] { "--log-format", "json" }, new[] { "run", "--log-format", "json" })]
    [InlineData(new[] { "--help" }, new[] { "--help" })]
    [InlineData(new[] { "app", "list" }, new[] { "app", "list" })]
    public void WithDefaultVerb_NoVerbOrOnlyOptions_RunsTheController(string[] args, string[] expected)
    {
        Assert.Equal(expected, CommandLine.WithDefaultVerb(args));
    }

    /// <summary>The real process (Program.cs, the real console): what a user with no cluster configured sees.</summary>
    [Theory]
    [InlineData(new string[0], "error: no Kubernetes configuration found: ")]
    [InlineData(new[] { "run", "--log-format", "xml" }, "error: --log-format: \"xml\" must be one of json, text, auto")]
    [InlineData(new[] { "app", "list" }, "error: no Kubernetes configuration found: ")]
    [InlineData(new[] { "health", "/no/such/file.yaml" }, "error: ")]
    public async Task Process_WithoutAnyKubeconfigOrWithBadInput_PrintsOneLineAndExitsTwo(string[] args, string expected)
    {
        using var home = new TempDirectory();
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = null, ["HOME"] = home.Path, ["KUBERNETES_SERVICE_HOST"] = null };

        var run = await CliProcess.RunAsync(env, args);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.StartsWith(expected, run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
    }

    [Fact]
    public async Task UnreachableApiServer_ExitsTwoWithOneLine()
    {
        using var dir = new TempDirectory();
        var kubeconfig = dir.Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: c
                cluster:
                  server: http://127.0.0.1:{LoopbackPort.Free()}
            users:
              - name: u
                user:
                  token: t
            contexts:
              - name: x
                context:
                  cluster: c
                  user: u
            current-context: x
            """);

        var run = await CliRun.InvokeAsync("app", "list", "--kubeconfig", kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
