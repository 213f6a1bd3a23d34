using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

/// <summary>What the next issues build on: an API per identity (impersonation) and a cluster per kubeconfig held as text.</summary>
public class ClusterConstructionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithHeaders_ImpersonationHeaders_SentOnItsRequestsOnlyOverSharedDiscovery()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var alice = cluster.WithHeaders(new Dictionary<string, IReadOnlyList<string>>
        {
            ["Impersonate-User"] = ["alice"],
            ["Impersonate-Group"] = ["team-a"],
        });

        await cluster.Api.GetAsync("v1", "ConfigMap", "prod", "mine", Ct);
        await alice.GetAsync("v1", "ConfigMap", "prod", "hers", Ct);

        var own = Assert.Single(server.ApiRequests, r => r.Uri.AbsolutePath.EndsWith("/mine", StringComparison.Ordinal));
        var impersonated = Assert.Single(server.ApiRequests, r => r.Uri.AbsolutePath.EndsWith("/hers", StringComparison.Ordinal));
        Assert.False(own.Headers.ContainsKey("Impersonate-User"));
        Assert.Equal("alice", impersonated.Headers["Impersonate-User"]);
        Assert.Equal("team-a", impersonated.Headers["Impersonate-Group"]);
        Assert.Equal("Bearer s3cr3t-token", impersonated.Authorization);
        Assert.Equal(1, server.Handler.Requests.Count(r => r.Uri.AbsolutePath.TrimEnd('/') == "/api"));
    }

    [Fact]
    public void WithHeaders_SeveralValuesForOneHeader_IsRefusedBecauseTheyWouldGoOutAsOneValue()
    {
        using var cluster = new FakeApiServer().CreateCluster();

        var error = Assert.Throws<ArgumentException>(() => cluster.WithHeaders(new Dictionary<string, IReadOnlyList<string>>
        {
            ["Impersonate-User"] = ["alice"],
            ["Impersonate-Group"] = ["team-a", "team-b"],
        }));

        Assert.Contains("Impersonate-Group has 2 values", error.Message, StringComparison.Ordinal);
        Assert.Contains("comma-joined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsServiceAccount_SendsOnlyTheUserHeader_SoTheServerAddsTheServiceAccountsGroups()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();

        await cluster.AsServiceAccount("team-a", "deployer").GetAsync("v1", "ConfigMap", "team-a", "settings", Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal("system:serviceaccount:team-a:deployer", request.Headers["Impersonate-User"]);
        Assert.DoesNotContain(request.Headers.Keys, k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase) && k != "Impersonate-User");
        Assert.Equal("Bearer s3cr3t-token", request.Authorization);
        Assert.Same(cluster.AsServiceAccount("team-a", "deployer"), cluster.AsServiceAccount("team-a", "deployer"));
    }

    [Theory]
    [InlineData("system:serviceaccount:team-a:deployer", "team-a", "deployer")]
    [InlineData("system:serviceaccount:team-a", null, null)]
    [InlineData("system:serviceaccount:team-a:deployer:extra", null, null)]
    [InlineData("alice", null, null)]
    public void ParseServiceAccountUser_UserName_IsTheServiceAccountOrNull(string user, string? ns, string? name)
    {
        var parsed = Impersonation.ParseServiceAccountUser(user);

        Assert.Equal((ns, name), (parsed?.Namespace, parsed?.Name));
    }

    [Fact]
    public async Task FromKubeconfigText_TokenAndNamespace_ReachTheRequests()
    {
        var kubeconfig = """
            apiVersion: v1
            kind: Config
            current-context: remote
            clusters:
            - name: remote
              cluster: {server: "https://remote.example:6443"}
            contexts:
            - name: remote
              context: {cluster: remote, user: agent, namespace: apps}
            users:
            - name: agent
              user: {token: remote-token}
            """;
        var server = new FakeApiServer(r => r.Method == HttpMethod.Post ? FakeHttpHandler.Json(System.Net.HttpStatusCode.Created, r.Body!) : null);
        using var cluster = server.CreateCluster(configuration: KubernetesConfigLoader.FromKubeconfigText(kubeconfig, null, "Secret prod/remote-cluster"));

        await cluster.Api.CreateAsync(System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""")!.AsObject(), Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(new Uri("https://remote.example:6443/api/v1/namespaces/apps/configmaps"), request.Uri);
        Assert.Equal("Bearer remote-token", request.Authorization);
        Assert.Equal("apps", cluster.DefaultNamespace);
    }

    [Fact]
    public void FromKubeconfigText_NotAKubeconfig_ThrowsConfigErrorNamingTheSource()
    {
        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigLoader.FromKubeconfigText("clusters: [", null, "Secret prod/remote-cluster"));

        Assert.Contains("Secret prod/remote-cluster", ex.Message);
    }
}
