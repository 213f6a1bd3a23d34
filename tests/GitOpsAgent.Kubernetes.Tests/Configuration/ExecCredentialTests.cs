using System.Net;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using GitOpsAgent.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

public class ExecCredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A plugin that counts its runs in a file and prints a token valid until <paramref name="expiry"/>.</summary>
    private static string WritePlugin(TempDirectory dir, string expiry, string apiVersion = "client.authentication.k8s.io/v1")
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("the exec plugin fixture is a POSIX shell script");
        }

        var script = dir.Write("bin/plugin.sh", $$$"""
            #!/bin/sh
            echo run >> "$COUNT_FILE"
            cat <<EOF
            {"apiVersion":"{{{apiVersion}}}","kind":"ExecCredential","status":{"token":"exec-token-$1-$TOKEN_SUFFIX","expirationTimestamp":"{{{expiry}}}"}}
            EOF

            """);
        MakeExecutable(script);
        return script;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static int Runs(TempDirectory dir) =>
        File.Exists(Path.Combine(dir.Path, "count")) ? File.ReadAllLines(Path.Combine(dir.Path, "count")).Length : 0;

    private static ExecCredentialConfig Plugin(TempDirectory dir, string command) => new(
        "client.authentication.k8s.io/v1", command, ["arg1"],
        new Dictionary<string, string> { ["COUNT_FILE"] = Path.Combine(dir.Path, "count"), ["TOKEN_SUFFIX"] = "x" });

    [Fact]
    public async Task GetAuthorizationAsync_BeforeExpiry_RunsPluginOnceAndCaches()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var credentials = new ExecCredentials(Plugin(dir, WritePlugin(dir, "2026-01-01T13:00:00Z")), time);

        var first = await credentials.GetAuthorizationAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(30));
        var second = await credentials.GetAuthorizationAsync(Ct);

        Assert.Equal("exec-token-arg1-x", first!.Parameter);
        Assert.Equal("exec-token-arg1-x", second!.Parameter);
        Assert.Equal(1, Runs(dir));
    }

    [Fact]
    public async Task GetAuthorizationAsync_AfterExpiryOrInvalidate_RunsPluginAgain()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var credentials = new ExecCredentials(Plugin(dir, WritePlugin(dir, "2026-01-01T13:00:00Z", "client.authentication.k8s.io/v1beta1")), time);

        await credentials.GetAuthorizationAsync(Ct);
        time.Advance(TimeSpan.FromHours(1));
        await credentials.GetAuthorizationAsync(Ct);
        credentials.Invalidate();
        await credentials.GetAuthorizationAsync(Ct);

        Assert.Equal(3, Runs(dir));
    }

    [Fact]
    public async Task Kubeconfig_ExecPluginRelativeCommand_ClientSendsPluginToken()
    {
        using var dir = new TempDirectory();
        WritePlugin(dir, "2099-01-01T00:00:00Z");
        var file = dir.Write("config", $"""
            current-context: main
            clusters:
            - name: c
              cluster:
                server: https://k8s.test
            contexts:
            - name: main
              context:
                cluster: c
                user: u
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./bin/plugin.sh
                  args: [from-kubeconfig]
                  env:
                  - name: COUNT_FILE
                    value: {Path.Combine(dir.Path, "count")}
                  - name: TOKEN_SUFFIX
                    value: super-secret-env
            """);
        var config = KubernetesClientConfiguration.Load(file, null);
        var server = new FakeApiServer();
        using var client = server.CreateClient(configuration: config);

        await client.GetApiResourcesAsync(Ct);

        Assert.All(server.Handler.Requests, r => Assert.Equal("Bearer exec-token-from-kubeconfig-super-secret-env", r.Authorization));
        Assert.Equal(1, Runs(dir));
        Assert.DoesNotContain("super-secret-env", config.ToString());
    }

    [Fact]
    public async Task GetAuthorizationAsync_PluginFails_MessageNamesCommandButNotItsOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("the exec plugin fixture is a POSIX shell script");
        }

        using var dir = new TempDirectory();
        var script = dir.Write("fail.sh", "#!/bin/sh\necho 'leaked-secret' >&2\necho 'leaked-secret'\nexit 3\n");
        MakeExecutable(script);
        using var credentials = new ExecCredentials(Plugin(dir, script), new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        var ex = await Assert.ThrowsAsync<KubernetesConfigException>(async () => await credentials.GetAuthorizationAsync(Ct));

        Assert.Contains("fail.sh", ex.Message);
        Assert.Contains("code 3", ex.Message);
        Assert.DoesNotContain("leaked-secret", ex.ToString());
    }
}
