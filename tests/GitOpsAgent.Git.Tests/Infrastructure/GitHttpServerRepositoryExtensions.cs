namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>The server speaks repository names (it is shared with the end-to-end tests); these take this project's repositories.</summary>
internal static class GitHttpServerRepositoryExtensions
{
    public static string Url(this GitHttpServer server, TestRepository repository) => server.Url(repository.Name);

    public static int Gets(this GitHttpServer server, TestRepository repository) => server.Gets(repository.Name);

    public static int Posts(this GitHttpServer server, TestRepository repository) => server.Posts(repository.Name);
}
