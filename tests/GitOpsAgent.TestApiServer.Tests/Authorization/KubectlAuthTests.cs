using GitOpsAgent.TestSupport;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>
/// The real kubectl against the RBAC fixture: `auth can-i --as` (a SelfSubjectAccessReview in protobuf, impersonated)
/// and a ServiceAccount's own kubeconfig print what a real cluster prints for the same RBAC objects.
/// </summary>
public sealed class KubectlAuthTests : ServerTestBase
{
    private readonly string _dir = Directory.CreateTempSubdirectory("testapiserver-kubectl-auth-").FullName;

    // kubectl sends bearer tokens only over TLS.
    protected override TestApiServerOptions Options => new() { UseHttps = true };

    private Kubectl Start(string? token = null)
    {
        if (Kubectl.FindOnPath() is null)
        {
            Assert.Skip("kubectl is not on PATH");
        }

        RbacFixture.Install(Server);
        var name = token ?? "admin";
        return new Kubectl(Server.WriteKubeconfig(Path.Combine(_dir, $"{name}.kubeconfig"), token), Path.Combine(_dir, $"cache-{name}"));
    }

    protected override void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("yes", "create", "configmaps", "-n", "team-a")]
    [InlineData("yes", "patch", "deployments.apps", "-n", "team-a")]
    [InlineData("yes", "patch", "deployments.apps", "--subresource=status", "-n", "team-a")]
    [InlineData("no", "patch", "deployments.apps", "--subresource=scale", "-n", "team-a")]
    [InlineData("no", "create", "configmaps", "-n", "team-b")]
    [InlineData("no", "create", "clusterrolebindings.rbac.authorization.k8s.io")]
    [InlineData("yes", "get", "secrets/app-creds", "-n", "team-a")]
    [InlineData("no", "get", "secrets", "-n", "team-a")]
    [InlineData("yes", "get", "/version")]
    public async Task AuthCanI_AsTheServiceAccount_AnswersWhatARealClusterWould(string expected, params string[] question)
    {
        var kubectl = Start();

        var (exit, stdout, stderr) = await kubectl.RunAsync(["auth", "can-i", .. question, "--as", RbacFixture.Deployer]);

        Assert.True(expected == stdout.Trim(), $"kubectl auth can-i {string.Join(' ', question)}: {stdout}{stderr}");
        Assert.Equal(expected == "yes" ? 0 : 1, exit);
    }

    [Fact]
    public async Task AuthCanI_AsAnotherUserWithoutImpersonateRights_IsAnError()
    {
        var kubectl = Start(RbacFixture.AliceToken);

        var (exit, _, stderr) = await kubectl.RunAsync("auth", "can-i", "create", "configmaps", "-n", "team-a", "--as", RbacFixture.Deployer);

        Assert.NotEqual(0, exit);
        Assert.Contains("Error from server (Forbidden): serviceaccounts \"deployer\" is forbidden: User \"alice\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"team-a\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_WithTheServiceAccountsToken_IsForbiddenOutsideItsNamespace()
    {
        var kubectl = Start(RbacFixture.DeployerToken);

        await kubectl.SucceedAsync("create", "configmap", "settings", "-n", "team-a", "--from-literal=a=1");
        var (exit, _, stderr) = await kubectl.RunAsync("create", "configmap", "settings", "-n", "team-b", "--from-literal=a=1");
        var (listExit, _, listError) = await kubectl.RunAsync("get", "configmaps", "-A");

        Assert.NotEqual(0, exit);
        Assert.Contains("error: failed to create configmap: configmaps is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"team-b\"", stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, listExit);
        Assert.Contains("Error from server (Forbidden): configmaps is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot list resource \"configmaps\" in API group \"\" at the cluster scope", listError, StringComparison.Ordinal);
        Assert.NotNull(Server.Store.Get("v1", "ConfigMap", "team-a", "settings"));
    }
}
