using System.Net;
using GitOpsAgent.Forges;
using GitOpsAgent.Outbound;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Forges;

/// <summary>
/// Each forge client against a local receiver, checked against the forge's documented API:
/// GitHub https://docs.github.com/en/rest/commits/statuses#create-a-commit-status and
/// https://docs.github.com/en/rest/issues/comments; GitLab https://docs.gitlab.com/ee/api/commits.html#set-the-pipeline-status-of-a-commit
/// and https://docs.gitlab.com/ee/api/notes.html#merge-requests; Gitea https://gitea.com/api/swagger (repoCreateStatus,
/// issueGetComments, issueCreateComment, issueEditComment); Bitbucket Cloud
/// https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/.
/// </summary>
public sealed class ForgeClientTests : IAsyncLifetime
{
    private const string Token = "forge-token-5ecret";
    private const string Sha = "5f2c6a1d9e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c";
    private const string Marker = "<!-- gitops-agent-preview -->";
    private RecordingHttpServer _server = null!;
    private readonly OutboundHttp _http = new(OutboundHttp.CreateClient());

    public async ValueTask InitializeAsync() => _server = await RecordingHttpServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private IForgeClient Client(ForgeKind kind, string? username = null) =>
        ForgeClients.Create(kind, _http, ForgeAddress.ApiBase(kind, _server.BaseUrl), Token, username);

    public static TheoryData<ForgeKind, string, string> StatusEndpoints => new()
    {
        { ForgeKind.GitHub, "/api/v3/repos/acme/guestbook/statuses/" + Sha, "acme/guestbook" },
        { ForgeKind.GitLab, "/api/v4/projects/acme%2Fapps%2Fguestbook/statuses/" + Sha, "acme/apps/guestbook" },
        { ForgeKind.Gitea, "/api/v1/repos/acme/guestbook/statuses/" + Sha, "acme/guestbook" },
        { ForgeKind.Bitbucket, "/2.0/repositories/acme/guestbook/commit/" + Sha + "/statuses/build", "acme/guestbook" },
    };

    [Theory]
    [MemberData(nameof(StatusEndpoints))]
    public async Task SetCommitStatus_PostsToTheDocumentedPath(ForgeKind kind, string path, string repository)
    {
        await Client(kind).SetCommitStatusAsync(repository, Sha, new CommitStatus(CommitState.Success, "gitops-agent/shop/web", "Synced to 5f2c6a1", "https://dash.example/web"), default);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(path, request.PathAndQuery.Replace("%2f", "%2F", StringComparison.Ordinal));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCommitStatus_GitHub_SendsStateContextDescriptionTargetUrlWithBearerAndApiVersion()
    {
        await Client(ForgeKind.GitHub).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Failure, "gitops-agent/shop/web", "ApplyFailed", "https://x.example"), default);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer " + Token, request.Header("Authorization"));
        Assert.Equal("application/vnd.github+json", request.Header("Accept"));
        Assert.Equal("2022-11-28", request.Header("X-GitHub-Api-Version"));
        Assert.NotNull(request.Header("User-Agent"));
        var body = request.Json!;
        Assert.Equal(("failure", "gitops-agent/shop/web", "ApplyFailed", "https://x.example"),
            (body["state"]!.GetValue<string>(), body["context"]!.GetValue<string>(), body["description"]!.GetValue<string>(), body["target_url"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(CommitState.Pending, "pending")]
    [InlineData(CommitState.Success, "success")]
    [InlineData(CommitState.Failure, "failed")]
    public async Task SetCommitStatus_GitLab_UsesItsStateWordsNameAndPrivateToken(CommitState state, string expected)
    {
        await Client(ForgeKind.GitLab).SetCommitStatusAsync("acme/apps/guestbook", Sha, new CommitStatus(state, "gitops-agent/shop/web", "d", null), default);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(Token, request.Header("PRIVATE-TOKEN"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(expected, request.Json!["state"]!.GetValue<string>());
        Assert.Equal("gitops-agent/shop/web", request.Json!["name"]!.GetValue<string>());
        Assert.Null(request.Json!["target_url"]);
    }

    [Fact]
    public async Task SetCommitStatus_Gitea_SendsTokenAuthorization()
    {
        await Client(ForgeKind.Gitea).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Failure, "gitops-agent/shop/web", "d", null), default);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("token " + Token, request.Header("Authorization"));
        Assert.Equal("failure", request.Json!["state"]!.GetValue<string>());
        Assert.Equal("gitops-agent/shop/web", request.Json!["context"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetCommitStatus_Bitbucket_SendsKeyStateNameAndTheRequiredUrl()
    {
        var context = "gitops-agent/a-rather-long-namespace/a-rather-long-application-name";

        await Client(ForgeKind.Bitbucket).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Pending, context, "d", null), default);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer " + Token, request.Header("Authorization"));
        var body = request.Json!;
        Assert.Equal("INPROGRESS", body["state"]!.GetValue<string>());
        Assert.Equal(context, body["name"]!.GetValue<string>());
        Assert.True(body["key"]!.GetValue<string>().Length <= 40);
        Assert.StartsWith("https://", body["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCommitStatus_BitbucketWithAUsername_SendsBasicAuthentication()
    {
        await Client(ForgeKind.Bitbucket, username: "bot").SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Success, "c", "d", null), default);

        Assert.Equal("Basic " + Convert.ToBase64String("bot:forge-token-5ecret"u8.ToArray()), Assert.Single(_server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task SetCommitStatus_LongDescription_IsCutToTheForgeLimit()
    {
        await Client(ForgeKind.GitHub).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Success, "c", new string('x', 500), null), default);

        Assert.Equal(140, Assert.Single(_server.Requests).Json!["description"]!.GetValue<string>().Length);
    }

    public static TheoryData<ForgeKind, string, string, string> CommentEndpoints => new()
    {
        { ForgeKind.GitHub, "/api/v3", "/repos/acme/guestbook/issues/42/comments", "PATCH" },
        { ForgeKind.GitLab, "/api/v4", "/projects/acme%2Fguestbook/merge_requests/42/notes", "PUT" },
        { ForgeKind.Gitea, "/api/v1", "/repos/acme/guestbook/issues/42/comments", "PATCH" },
    };

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task UpsertPullRequestComment_SecondPush_UpdatesTheOneCommentInsteadOfAddingAnother(ForgeKind kind, string prefix, string listPath, string updateMethod)
    {
        var forge = new FakeForge(_server, kind == ForgeKind.GitLab, prefix);
        var client = Client(kind);

        await client.UpsertPullRequestCommentAsync("acme/guestbook", 42, Marker, Marker + "\nfirst", default);
        await client.UpsertPullRequestCommentAsync("acme/guestbook", 42, Marker, Marker + "\nsecond", default);

        var comment = Assert.Single(forge.Comments);
        Assert.Equal(Marker + "\nsecond", comment["body"]!.GetValue<string>());
        Assert.Single(_server.Requests, r => r.Method == "POST" && r.Path.Replace("%2f", "%2F", StringComparison.Ordinal) == prefix + listPath);
        Assert.Single(_server.Requests, r => r.Method == updateMethod);
        Assert.Contains(_server.Requests, r => r.Method == "GET" && r.Path == prefix + "/user");
    }

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task UpsertPullRequestComment_MarkerInSomeoneElsesComment_IsLeftAlone(ForgeKind kind, string prefix, string listPath, string updateMethod)
    {
        var forge = new FakeForge(_server, kind == ForgeKind.GitLab, prefix);
        forge.AddForeignComment(Marker + "\nplanted by someone");

        await Client(kind).UpsertPullRequestCommentAsync("acme/guestbook", 42, Marker, Marker + "\nours", default);

        Assert.Equal([Marker + "\nplanted by someone", Marker + "\nours"], forge.Comments.Select(c => c["body"]!.GetValue<string>()));
        Assert.DoesNotContain(_server.Requests, r => r.Method == updateMethod);
        Assert.NotEmpty(listPath);
    }

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task UpsertPullRequestComment_OurCommentBeyondTheFirstPage_IsFoundAndUpdated(ForgeKind kind, string prefix, string listPath, string updateMethod)
    {
        var forge = new FakeForge(_server, kind == ForgeKind.GitLab, prefix);
        var client = Client(kind);
        for (var i = 0; i < 120; i++)
        {
            forge.AddForeignComment($"review comment {i}");
        }

        await client.UpsertPullRequestCommentAsync("acme/guestbook", 42, Marker, Marker + "\nfirst", default);
        await client.UpsertPullRequestCommentAsync("acme/guestbook", 42, Marker, Marker + "\nsecond", default);

        Assert.Equal(121, forge.Comments.Count);
        Assert.Equal(Marker + "\nsecond", forge.Comments[^1]["body"]!.GetValue<string>());
        Assert.Single(_server.Requests, r => r.Method == updateMethod);
        Assert.NotEmpty(listPath);
    }

    [Fact]
    public async Task Failure_Unauthorized_NamesTheStatusAndNeverTheToken()
    {
        _server.Respond(_ => new RecordedResponse(401, new System.Text.Json.Nodes.JsonObject { ["message"] = "Bad credentials" }));

        var ex = await Assert.ThrowsAsync<OutboundRequestException>(() =>
            Client(ForgeKind.GitHub).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Success, "c", "d", null), default));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.False(ex.Retryable);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_Redirect_IsNotFollowed()
    {
        _server.Respond(r => r.Path.StartsWith("/elsewhere", StringComparison.Ordinal) ? null : new RecordedResponse(307, null, new Dictionary<string, string> { ["Location"] = _server.BaseUrl + "/elsewhere" }));

        var ex = await Assert.ThrowsAsync<OutboundRequestException>(() =>
            Client(ForgeKind.GitLab).SetCommitStatusAsync("acme/guestbook", Sha, new CommitStatus(CommitState.Success, "c", "d", null), default));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.Status);
        Assert.DoesNotContain(_server.Requests, r => r.Path.StartsWith("/elsewhere", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ForgeKind.GitHub, "https://github.com", "https://api.github.com/")]
    [InlineData(ForgeKind.GitHub, "https://ghe.example.com", "https://ghe.example.com/api/v3")]
    [InlineData(ForgeKind.GitLab, "https://gitlab.example.com/", "https://gitlab.example.com/api/v4")]
    [InlineData(ForgeKind.Gitea, "https://gitea.example.com", "https://gitea.example.com/api/v1")]
    [InlineData(ForgeKind.Bitbucket, "https://bitbucket.org", "https://api.bitbucket.org/2.0")]
    public void ApiBase_WebAddress_IsTheForgesApiRoot(ForgeKind kind, string web, string expected) =>
        Assert.Equal(expected, ForgeAddress.ApiBase(kind, web).AbsoluteUri);

    [Theory]
    [InlineData("https://github.com/acme/guestbook.git", "acme/guestbook", "github.com")]
    [InlineData("git@gitlab.example.com:acme/apps/guestbook.git", "acme/apps/guestbook", "gitlab.example.com")]
    [InlineData("ssh://git@gitea.example.com:2222/acme/guestbook.git", "acme/guestbook", "gitea.example.com")]
    public void RepositoryPath_RepoUrl_IsTheForgesName(string url, string path, string host)
    {
        Assert.Equal(path, ForgeAddress.RepositoryPath(url));
        Assert.Equal(host, ForgeAddress.Host(url));
    }
}
