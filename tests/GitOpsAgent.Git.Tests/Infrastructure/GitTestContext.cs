using Microsoft.Extensions.Logging.Abstractions;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>A project root served over HTTP plus a fresh cache root; everything is deleted on dispose.</summary>
public sealed class GitTestContext : IAsyncDisposable
{
    private readonly TempDirectory _projects = new("gitopsagent-served");
    private readonly TempDirectory _caches = new("gitopsagent-cache");
    private readonly List<GitRepositoryCache> _created = [];

    private GitTestContext()
    {
    }

    public GitHttpServer Server { get; private set; } = null!;

    public string CacheRoot => _caches.Path;

    public static async Task<GitTestContext> StartAsync(string? username = null, string? password = null)
    {
        var context = new GitTestContext();
        context.Server = await GitHttpServer.StartAsync(context._projects.Path, username, password);
        return context;
    }

    public TestRepository Repository(string name = "repo", bool allowShaFetch = true) => new(_projects.Path, name, allowShaFetch);

    public GitRepositoryCache Cache(
        TimeProvider? timeProvider = null,
        IGitCommandRunner? runner = null,
        IGitRequestObserver? observer = null,
        Func<GitRepositoryCacheOptions, GitRepositoryCacheOptions>? configure = null)
    {
        var options = new GitRepositoryCacheOptions { CacheRoot = _caches.Path, CommandTimeout = TimeSpan.FromSeconds(30) };
        var cache = new GitRepositoryCache(configure?.Invoke(options) ?? options, NullLogger<GitRepositoryCache>.Instance, timeProvider, observer, runner);
        _created.Add(cache);
        return cache;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _created)
            cache.Dispose();
        await Server.DisposeAsync();
        _projects.Dispose();
        _caches.Dispose();
    }
}
