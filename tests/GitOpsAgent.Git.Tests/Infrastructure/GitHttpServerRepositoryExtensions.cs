using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>The shared server speaks repository names; these take this project's repositories.</summary>
internal static class GitHttpServerRepositoryExtensions
{
    public static string Url(this GitHttpServer server, TestRepository repository) => server.Url(repository.Name);

    public static int Gets(this GitHttpServer server, TestRepository repository) => server.Gets(repository.Name);

    public static int Posts(this GitHttpServer server, TestRepository repository) => server.Posts(repository.Name);
}
