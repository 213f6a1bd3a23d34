using System.Net;
using GitOpsAgent.Cli;

namespace GitOpsAgent.Tests.Controller;

public sealed class RunOptionsTests
{
    private static readonly Dictionary<string, string> NoSettings = new(StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("--http-address", "GITOPSAGENT_HTTP_ADDRESS", "HttpAddress")]
    [InlineData("--workers", "GITOPSAGENT_WORKERS", "Workers")]
    [InlineData("--leader-elect", "GITOPSAGENT_LEADER_ELECT", "LeaderElect")]
    [InlineData("--health-overrides-configmap", "GITOPSAGENT_HEALTH_OVERRIDES_CONFIGMAP", "HealthOverridesConfigmap")]
    [InlineData("--webhook-bitbucket-server-secret", "GITOPSAGENT_WEBHOOK_BITBUCKET_SERVER_SECRET", "WebhookBitbucketServerSecret")]
    public void EnvNameAndSettingName_MapAFlag(string flag, string env, string setting)
    {
        Assert.Equal(env, RunCommand.EnvName(flag));
        Assert.Equal(setting, RunCommand.SettingName(flag));
    }

    [Fact]
    public void Resolve_NothingGiven_KeepsTheDefaults()
    {
        var options = RunCommand.Resolve(Parse(), _ => null, NoSettings);

        Assert.Equal("0.0.0.0:8080", options.HttpAddress);
        Assert.Equal(8, options.Workers);
        Assert.True(options.LeaderElect);
        Assert.Equal(TimeSpan.FromMinutes(3), options.Interval);
    }

    [Fact]
    public void Resolve_EnvironmentVariable_SetsTheOption()
    {
        var env = new Dictionary<string, string>
        {
            ["GITOPSAGENT_WORKERS"] = "16",
            ["GITOPSAGENT_LEADER_ELECT"] = "false",
            ["GITOPSAGENT_INTERVAL"] = "90s",
            ["GITOPSAGENT_WATCH_NAMESPACE"] = "a, b,,c",
            ["GITOPSAGENT_WEBHOOK_GITHUB_SECRET"] = "s3cret",
        };

        var options = RunCommand.Resolve(Parse(), env.GetValueOrDefault, NoSettings);

        Assert.Equal(16, options.Workers);
        Assert.False(options.LeaderElect);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Interval);
        Assert.Equal(["a", "b", "c"], options.WatchNamespaces);
        Assert.Equal("s3cret", options.WebhookGitHubSecret);
    }

    [Fact]
    public void Resolve_FlagWinsOverVariable_WhichWinsOverSettings()
    {
        var env = new Dictionary<string, string> { ["GITOPSAGENT_WORKERS"] = "16", ["GITOPSAGENT_SHARDS"] = "3" };
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Workers"] = "4", ["Shards"] = "5", ["Shard"] = "2", ["webhookGithubSecret"] = "from-file" };

        var options = RunCommand.Resolve(Parse("--workers", "32"), env.GetValueOrDefault, settings);

        Assert.Equal(32, options.Workers);
        Assert.Equal(3, options.Shards);
        Assert.Equal(2, options.Shard);
        Assert.Equal("from-file", options.WebhookGitHubSecret);
    }

    [Fact]
    public void Resolve_ClusterIdentity_FromRepeatedFlags()
    {
        var options = RunCommand.Resolve(
            Parse("--cluster-name", "east", "--cluster-label", "region=eu-west", "--cluster-label", "topology.kubernetes.io/zone=a,tier="), _ => null, NoSettings);

        Assert.Equal("east", options.ClusterName);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "eu-west", ["topology.kubernetes.io/zone"] = "a", ["tier"] = "" }, options.ClusterLabels);
    }

    [Fact]
    public void Resolve_ClusterIdentity_FromTheEnvironment()
    {
        var env = new Dictionary<string, string> { ["GITOPSAGENT_CLUSTER_NAME"] = "west", ["GITOPSAGENT_CLUSTER_LABEL"] = "region=us, tier=dev" };

        var options = RunCommand.Resolve(Parse(), env.GetValueOrDefault, NoSettings);

        Assert.Equal("west", options.ClusterName);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us", ["tier"] = "dev" }, options.ClusterLabels);
    }

    [Theory]
    [InlineData("--workers", "0")]
    [InlineData("--workers", "many")]
    [InlineData("--interval", "soon")]
    [InlineData("--leader-elect", "yes")]
    [InlineData("--kube-qps", "fast")]
    [InlineData("--default-service-account", "system:serviceaccount:kube-system:admin")]
    [InlineData("--cluster-name", "east coast")]
    [InlineData("--cluster-label", "region")]
    [InlineData("--cluster-label", "=eu")]
    [InlineData("--cluster-label", "region=eu west")]
    public void Resolve_UnusableValue_ThrowsNamingTheFlag(string flag, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => RunCommand.Resolve(Parse(flag, value), _ => null, NoSettings));

        Assert.Contains(flag, ex.Message);
    }

    [Fact]
    public void Resolve_TenancyOptions_DefaultToNoImpersonationAndTheFlagOrPodNamespace()
    {
        var none = RunCommand.Resolve(Parse(), _ => null, NoSettings);
        var given = RunCommand.Resolve(Parse("--default-service-account", "gitops-deployer", "--controller-namespace", "platform"), _ => null, NoSettings);

        Assert.Null(none.DefaultServiceAccount);
        Assert.Null(none.ControllerNamespace);
        Assert.Equal(Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } pod ? pod : "gitops-agent", none.EffectiveControllerNamespace);
        Assert.Equal(("gitops-deployer", "platform", "platform"), (given.DefaultServiceAccount, given.ControllerNamespace, given.EffectiveControllerNamespace));
    }

    [Fact]
    public void Resolve_AllowLocalRepositories_IsEmptyByDefaultAndTakesRepeatedFlagsOrAListedVariable()
    {
        var none = RunCommand.Resolve(Parse(), _ => null, NoSettings);
        var flags = RunCommand.Resolve(Parse("--allow-local-repositories", "/srv/a", "--allow-local-repositories", "/srv/b"), _ => null, NoSettings);
        var env = RunCommand.Resolve(Parse(), new Dictionary<string, string> { ["GITOPSAGENT_ALLOW_LOCAL_REPOSITORIES"] = "/srv/c,/srv/d" }.GetValueOrDefault, NoSettings);
        var settings = RunCommand.Resolve(Parse(), _ => null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["AllowLocalRepositories"] = "/srv/e" });

        Assert.Empty(none.AllowLocalRepositories);
        Assert.Equal(["/srv/a", "/srv/b"], flags.AllowLocalRepositories);
        Assert.Equal(["/srv/c", "/srv/d"], env.AllowLocalRepositories);
        Assert.Equal(["/srv/e"], settings.AllowLocalRepositories);
    }

    [Fact]
    public async Task Run_UnusableValue_ExitsTwoWithoutStartingTheController()
    {
        var run = await GitOpsAgent.Tests.Cli.CliRun.InvokeAsync("run", "--workers", "0", "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("--workers", run.Stderr);
    }

    [Theory]
    [InlineData("0.0.0.0:8080", "0.0.0.0", 8080)]
    [InlineData("127.0.0.1:9090", "127.0.0.1", 9090)]
    [InlineData(":8081", "0.0.0.0", 8081)]
    [InlineData("localhost:80", "127.0.0.1", 80)]
    [InlineData("[::1]:8443", "::1", 8443)]
    public void ParseAddress_HostAndPort_AreParsed(string address, string host, int port)
    {
        var (ip, parsedPort) = ControllerHost.ParseAddress(address, "--http-address");

        Assert.Equal(IPAddress.Parse(host), ip);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("0.0.0.0:")]
    [InlineData("0.0.0.0:http")]
    [InlineData("0.0.0.0:70000")]
    [InlineData("example.com:80")]
    public void ParseAddress_Invalid_ThrowsNamingTheFlag(string address)
    {
        var ex = Assert.Throws<ArgumentException>(() => ControllerHost.ParseAddress(address, "--probe-address"));

        Assert.Contains("--probe-address", ex.Message);
    }

    private static System.CommandLine.ParseResult Parse(params string[] args) => RunCommand.Create().Parse(args);
}
