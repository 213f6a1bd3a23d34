using GitOpsAgent.TestSupport;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

/// <summary>A kubeconfig exec credential plugin reaches KubernetesClient, and its failures do not leak its output.</summary>
public class ExecCredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string WriteScript(TempDirectory dir, string name, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("the exec plugin fixture is a POSIX shell script");
        }

        var script = dir.Write(name, body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    private static string Kubeconfig(string command, string suffix) => $"""
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
              command: {command}
              args: [from-kubeconfig]
              env:
              - name: TOKEN_SUFFIX
                value: {suffix}
        """;

    [Fact]
    public async Task Kubeconfig_ExecPlugin_RequestsCarryThePluginToken()
    {
        using var dir = new TempDirectory();
        var plugin = WriteScript(dir, "bin/plugin.sh", """
            #!/bin/sh
            cat <<EOF
            {"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-token-$1-$TOKEN_SUFFIX","expirationTimestamp":"2099-01-01T00:00:00Z"}}
            EOF

            """);
        var config = KubernetesConfigLoader.Load(dir.Write("config", Kubeconfig(plugin, "env-value")), null);
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster(configuration: config);

        await cluster.Api.GetApiResourcesAsync(Ct);

        Assert.NotEmpty(server.Handler.Requests);
        Assert.All(server.Handler.Requests, r => Assert.Equal("Bearer exec-token-from-kubeconfig-env-value", r.Authorization));
    }

    [Fact]
    public void Kubeconfig_ExecPluginPrintsNoCredential_ConfigErrorWithoutItsOutput()
    {
        using var dir = new TempDirectory();
        var plugin = WriteScript(dir, "fail.sh", "#!/bin/sh\necho 'leaked-secret' >&2\necho 'leaked-secret'\nexit 3\n");
        var file = dir.Write("config", Kubeconfig(plugin, "x"));

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.Load(file, null));

        Assert.Contains(file, ex.Message);
        Assert.Contains("exec", ex.Message);
        Assert.DoesNotContain("leaked-secret", ex.ToString());
    }
}
