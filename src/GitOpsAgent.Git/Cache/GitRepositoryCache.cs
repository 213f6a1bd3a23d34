using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Git;

/// <summary>
/// One bare mirror per repository, one shared ls-remote per repository per TTL, one fetch per repository at a time,
/// and immutable per-commit checkouts (bounded, least recently used deleted first). Hooks never run. URLs pass
/// <see cref="RepositoryUrlPolicy"/> first; requests to one server are limited in number and time (a hung server
/// delays only its own repositories).
/// </summary>
public sealed partial class GitRepositoryCache : IGitRepositoryCache, IDisposable
{
    // Hooks and credential helpers are disabled on every command: a mirror's config or hooks folder is never trusted.
    // Transports are an allow-list; "file" only when local repositories are allowed at all.
    private static readonly string[] SafetyOptions =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "credential.helper=", "-c", "core.fsmonitor=false", "-c", "submodule.recurse=false",
        "-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always",
        "-c", "protocol.ssh.allow=always", "-c", "protocol.git.allow=always",
    ];

    private static readonly string[] FileProtocolOption = ["-c", "protocol.file.allow=always"];

    private readonly GitRepositoryCacheOptions _options;
    private readonly ILogger<GitRepositoryCache> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IGitRequestObserver? _observer;
    private readonly IGitCommandRunner _runner;
    private readonly GitCacheLayout _layout;
    private readonly CheckoutStore _checkouts;
    private readonly ConcurrentDictionary<string, RepositoryState> _repositories = new(StringComparer.Ordinal);
    private readonly RepositoryUrlPolicy _urlPolicy;
    private readonly GitServerLimiter _serverLimiter;
    private readonly GitServerProbe _serverProbe;
    private readonly string[] _safetyOptions;

    public GitRepositoryCache(
        GitRepositoryCacheOptions options,
        ILogger<GitRepositoryCache> logger,
        TimeProvider? timeProvider = null,
        IGitRequestObserver? observer = null,
        IGitCommandRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _observer = observer;
        _runner = runner ?? new GitProcessRunner(options.GitExecutable, _timeProvider);
        _layout = new GitCacheLayout(options.CacheRoot);
        _urlPolicy = new RepositoryUrlPolicy(options.AllowedLocalRepositoryRoots, options.CacheRoot);
        _serverLimiter = new GitServerLimiter(Math.Max(1, options.MaxConcurrentRequestsPerServer), options.ServerQueueTimeout, _timeProvider);
        _serverProbe = new GitServerProbe(options.ConnectTimeout, _timeProvider);
        _safetyOptions = _urlPolicy.AllowsLocalRepositories ? [.. SafetyOptions, .. FileProtocolOption] : SafetyOptions;
        _layout.Prepare();
        _checkouts = new CheckoutStore(options.MaxCheckouts, options.CheckoutMinimumIdle, _timeProvider);
        AdoptExistingCheckouts();
    }

    public async Task<ResolvedRevision> ResolveAsync(string repoUrl, string revision, GitCredentials? credentials, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoUrl);
        _urlPolicy.Check(repoUrl);
        var wanted = string.IsNullOrWhiteSpace(revision) ? "HEAD" : revision.Trim();
        if (CommitSha.IsFull(wanted))
            return new ResolvedRevision(repoUrl, revision, wanted.ToLowerInvariant());

        var state = State(repoUrl);
        var remote = GitRemote.For(repoUrl, credentials);
        var refs = await RemoteRefsAsync(state, remote, ct);
        var sha = refs.Resolve(wanted);
        if (sha is null && CommitSha.IsAbbreviated(wanted))
            sha = await ResolveAbbreviatedAsync(state, wanted, remote, ct);
        if (sha is null)
        {
            throw new GitSourceException(
                GitFailureReason.RevisionNotFound,
                $"Revision '{wanted}' not found in {remote.Url}: no branch, tag or commit has that name.");
        }

        Log.Resolved(_logger, state.RemoteUrl, wanted, sha);
        return new ResolvedRevision(repoUrl, revision, sha);
    }

    public async Task<GitCheckout> CheckoutAsync(string repoUrl, string commitSha, GitCredentials? credentials, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoUrl);
        _urlPolicy.Check(repoUrl);
        if (!CommitSha.IsFull(commitSha ?? ""))
            throw new ArgumentException("A full 40-hex commit SHA is required; resolve the revision first.", nameof(commitSha));
        var sha = commitSha!.ToLowerInvariant();
        var state = State(repoUrl);
        var directory = Path.Combine(state.CheckoutParent, sha);
        var remote = GitRemote.For(repoUrl, credentials);
        // A checkout made for one caller is served to another only once the remote has accepted that caller's credentials.
        if (!state.IsAccepted(remote.Identity))
            await RemoteRefsAsync(state, remote, ct);
        if (!Directory.Exists(directory))
        {
            await state.WriteLock.WaitAsync(ct);
            try
            {
                if (!Directory.Exists(directory))
                {
                    await EnsureMirrorAsync(state, ct);
                    if (!await HasCommitAsync(state, sha, ct))
                        await FetchCommitAsync(state, sha, remote, ct);
                    await MaterializeAsync(state, sha, directory, ct);
                }
            }
            finally
            {
                state.WriteLock.Release();
            }
        }

        _checkouts.Touch(directory);
        EvictIdleCheckouts();
        return new GitCheckout(repoUrl, sha, directory);
    }

    public void Invalidate(string repoUrl)
    {
        ArgumentNullException.ThrowIfNull(repoUrl);
        if (!_repositories.TryGetValue(RepoUrl.Normalize(repoUrl), out var state))
            return;
        state.ForgetLsRemotes();
        Log.Invalidated(_logger, state.RemoteUrl);
    }

    /// <summary>The bare mirror folder for a repository (tests inspect it; the host has no need to).</summary>
    internal string MirrorDirectoryFor(string repoUrl) => _layout.MirrorDirectory(RepoUrl.Normalize(repoUrl));

    public void Dispose()
    {
        foreach (var state in _repositories.Values)
            state.Dispose();
    }

    private RepositoryState State(string repoUrl)
    {
        var key = RepoUrl.Normalize(repoUrl);
        return _repositories.GetOrAdd(key, k => new RepositoryState(k, RepoUrl.Redact(repoUrl), _layout.MirrorDirectory(k), _layout.CheckoutParent(k)));
    }

    private Task<RemoteRefs> RemoteRefsAsync(RepositoryState state, GitRemote remote, CancellationToken ct)
    {
        // Not tied to one caller's token: other callers with the same URL and credentials share this request.
        var shared = state.SharedLsRemote(
            remote.Identity,
            _timeProvider.GetUtcNow(),
            _options.LsRemoteTtl,
            () => Task.Run(() => LsRemoteAsync(state, remote), CancellationToken.None));
        return shared.WaitAsync(ct);
    }

    private async Task<RemoteRefs> LsRemoteAsync(RepositoryState state, GitRemote remote)
    {
        var result = await RunRemoteAsync(remote, "ls-remote", ["ls-remote", "--", remote.Url], _layout.Root, CancellationToken.None);
        ThrowIfFailed(state, "ls-remote", result, remote);
        state.MarkAccepted(remote.Identity);
        var refs = RemoteRefs.Parse(result.StandardOutput);
        Log.LsRemote(_logger, remote.Url, refs.Count);
        return refs;
    }

    private async Task<string?> ResolveAbbreviatedAsync(RepositoryState state, string abbreviated, GitRemote remote, CancellationToken ct)
    {
        await state.WriteLock.WaitAsync(ct);
        try
        {
            await EnsureMirrorAsync(state, ct);
            return await RevParseCommitAsync(state, abbreviated, ct)
                ?? await FetchAllThenRevParseAsync(state, abbreviated, remote, ct);
        }
        finally
        {
            state.WriteLock.Release();
        }
    }

    private async Task<string?> FetchAllThenRevParseAsync(RepositoryState state, string abbreviated, GitRemote remote, CancellationToken ct)
    {
        await FetchAllAsync(state, remote, ct);
        return await RevParseCommitAsync(state, abbreviated, ct);
    }

    private async Task<string?> RevParseCommitAsync(RepositoryState state, string revision, CancellationToken ct)
    {
        var result = await RunLocalAsync(state, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], null, ct);
        var sha = result.StandardOutput.Trim();
        return result.Succeeded && CommitSha.IsFull(sha) ? sha.ToLowerInvariant() : null;
    }

    private async Task<bool> HasCommitAsync(RepositoryState state, string sha, CancellationToken ct) =>
        (await RunLocalAsync(state, ["cat-file", "-e", sha + "^{commit}"], null, ct)).Succeeded;

    private async Task EnsureMirrorAsync(RepositoryState state, CancellationToken ct)
    {
        if (Directory.Exists(state.MirrorDirectory))
            return;
        // Built aside and renamed, so a crash never leaves a half-initialised mirror in place.
        var staging = Path.Combine(_layout.MirrorsDirectory, ".tmp-" + Guid.NewGuid().ToString("N"));
        var init = await RunGitAsync(["init", "--quiet", "--bare", "--", staging], _layout.Root, null, ct);
        ThrowIfFailed(state, "init", init, remote: null);
        foreach (var (key, value) in new[] { ("remote.origin.url", state.RemoteUrl), ("gc.auto", "0"), ("core.symlinks", "true") })
        {
            var set = await RunGitAsync([$"--git-dir={staging}", "config", "--", key, value], _layout.Root, null, ct);
            ThrowIfFailed(state, "config", set, null);
        }

        Directory.Move(staging, state.MirrorDirectory);
        Log.MirrorCreated(_logger, state.RemoteUrl, state.MirrorDirectory);
    }

    private async Task FetchCommitAsync(RepositoryState state, string sha, GitRemote remote, CancellationToken ct)
    {
        // Only the tree of this commit is needed, so a shallow fetch by SHA; servers without SHA-in-want get a full fetch.
        // Into a ref: fetch negotiates with the commits refs point at, so without one every later fetch re-sends every
        // object of the new tree (measured: 122x the bytes of `git fetch` for a one-file change in a 330 KB tree).
        var keepRef = FetchedRefPrefix + sha;
        var bySha = await RunRemoteAsync(remote, "fetch", Mirror(state, "fetch", "--quiet", "--no-tags", "--depth", "1", "--", remote.Url, $"+{sha}:{keepRef}"), state.MirrorDirectory, ct);
        if (!bySha.Succeeded)
        {
            if (bySha.TimedOut || !GitErrorClassifier.IsShaFetchRefused(bySha.StandardError))
                ThrowIfFailed(state, "fetch", bySha, remote);
            Log.ShaFetchRefused(_logger, remote.Url, sha);
            await FetchAllAsync(state, remote, ct);
        }

        if (!await HasCommitAsync(state, sha, ct))
            throw new GitSourceException(GitFailureReason.RevisionNotFound, $"Commit {sha} not found in {remote.Url}.");
        if (bySha.Succeeded)
            await ForgetOldFetchedRefsAsync(state, keepRef, ct);
    }

    /// <summary>Keeps the refs of the last few fetched commits (enough to negotiate the next fetch), so the mirror stays bounded.</summary>
    private async Task ForgetOldFetchedRefsAsync(RepositoryState state, string newest, CancellationToken ct)
    {
        foreach (var stale in state.RecordFetchedRef(newest, KeptFetchedRefs))
        {
            await RunLocalAsync(state, ["update-ref", "-d", stale], null, ct);
        }
    }

    private async Task FetchAllAsync(RepositoryState state, GitRemote remote, CancellationToken ct)
    {
        // "+" refspecs and --prune follow force-pushes and deleted branches.
        var arguments = new List<string> { "fetch", "--quiet", "--prune", "--force" };
        if (File.Exists(Path.Combine(state.MirrorDirectory, "shallow")))
            arguments.Add("--unshallow");
        arguments.AddRange(["--", remote.Url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]);
        var result = await RunRemoteAsync(remote, "fetch", Mirror(state, [.. arguments]), state.MirrorDirectory, ct);
        ThrowIfFailed(state, "fetch", result, remote);
    }

    private async Task MaterializeAsync(RepositoryState state, string sha, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(state.CheckoutParent);
        var staging = Path.Combine(state.CheckoutParent, ".tmp-" + sha + "-" + Guid.NewGuid().ToString("N"));
        var index = Path.Combine(_layout.ScratchDirectory, "index-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            // A private index keeps concurrent checkouts apart; read-tree + checkout-index runs no hooks, no filters
            // from the repository, does not touch submodules, and (unlike git archive) ignores export-ignore.
            var indexOnly = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_INDEX_FILE"] = index };
            var readTree = await RunLocalAsync(state, ["read-tree", sha], indexOnly, ct);
            ThrowIfFailed(state, "read-tree", readTree, null);
            var checkout = await RunLocalAsync(state, [$"--work-tree={staging}", "checkout-index", "--all", "--force"], indexOnly, ct);
            ThrowIfFailed(state, "checkout-index", checkout, null);
            Directory.Move(staging, directory);
            Log.CheckoutCreated(_logger, state.RemoteUrl, sha, directory);
        }
        finally
        {
            File.Delete(index);
            if (Directory.Exists(staging))
                DeleteDirectory(staging);
        }
    }

    private void EvictIdleCheckouts()
    {
        foreach (var directory in _checkouts.TakeEvictable())
        {
            try
            {
                // Renamed first so no reader ever sees a half-deleted tree under the real name.
                var doomed = Path.Combine(_layout.ScratchDirectory, "evicted-" + Guid.NewGuid().ToString("N"));
                Directory.Move(directory, doomed);
                DeleteDirectory(doomed);
                Log.CheckoutEvicted(_logger, directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.CheckoutEvictionFailed(_logger, directory, ex);
            }
        }
    }

    private void AdoptExistingCheckouts()
    {
        foreach (var parent in Directory.EnumerateDirectories(_layout.CheckoutsDirectory))
        {
            foreach (var checkout in Directory.EnumerateDirectories(parent))
            {
                if (Path.GetFileName(checkout).StartsWith(".tmp-", StringComparison.Ordinal))
                    DeleteDirectory(checkout);
                else
                    _checkouts.Adopt(checkout, Directory.GetLastWriteTimeUtc(checkout));
            }
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start-up to clean; a stray folder is harmless.
        }
    }

    private const string FetchedRefPrefix = "refs/gitops-agent/fetched/";
    private const int KeptFetchedRefs = 8;

    private static string[] Mirror(RepositoryState state, params string[] arguments) =>
        [$"--git-dir={state.MirrorDirectory}", .. arguments];

    private Task<GitCommandResult> RunLocalAsync(RepositoryState state, string[] arguments, Dictionary<string, string>? extraEnvironment, CancellationToken ct) =>
        RunGitAsync(Mirror(state, arguments), state.MirrorDirectory, extraEnvironment, ct);

    private async Task<GitCommandResult> RunGitAsync(string[] arguments, string workingDirectory, Dictionary<string, string>? extraEnvironment, CancellationToken ct)
    {
        using var environment = GitAuthEnvironment.Create(_layout, null);
        var variables = new Dictionary<string, string>(environment.Variables, StringComparer.Ordinal);
        foreach (var (key, value) in extraEnvironment ?? [])
            variables[key] = value;
        return await _runner.RunAsync(new GitCommand([.. _safetyOptions, .. arguments], variables, workingDirectory, _options.CommandTimeout), ct);
    }

    private async Task<GitCommandResult> RunRemoteAsync(
        GitRemote remote, string requestType, string[] arguments, string workingDirectory, CancellationToken ct)
    {
        using var environment = GitAuthEnvironment.Create(_layout, remote.Credentials, _options.ConnectTimeout, _options.LowSpeedTime);
        var started = _timeProvider.GetTimestamp();
        var success = false;
        var server = GitServer.Of(remote.Url);
        IDisposable? slot = null;
        try
        {
            if (server is not null)
            {
                slot = await _serverLimiter.EnterAsync(server, ct);
                await _serverProbe.EnsureReachableAsync(server, ct);
            }

            // A connected transfer that moves less than a byte a second for LowSpeedTime is cut (a server that answers nothing).
            string[] lowSpeed = ["-c", "http.lowSpeedLimit=1", "-c", $"http.lowSpeedTime={Math.Max(1, (int)_options.LowSpeedTime.TotalSeconds)}"];
            var result = await _runner.RunAsync(new GitCommand([.. _safetyOptions, .. lowSpeed, .. arguments], environment.Variables, workingDirectory, _options.CommandTimeout), ct);
            success = result.Succeeded;
            return result;
        }
        finally
        {
            slot?.Dispose();
            _observer?.OnRequest(remote.Url, requestType, _timeProvider.GetElapsedTime(started), success);
        }
    }

    private void ThrowIfFailed(RepositoryState state, string operation, GitCommandResult result, GitRemote? remote)
    {
        if (result.Succeeded)
            return;
        var url = remote?.Url ?? state.RemoteUrl;
        if (result.TimedOut)
        {
            Log.CommandTimedOut(_logger, url, operation, _options.CommandTimeout);
            throw new GitSourceException(
                GitFailureReason.Timeout,
                $"git {operation} for {url} did not finish within {_options.CommandTimeout.TotalSeconds:0.#}s and was stopped.");
        }

        var reason = GitErrorClassifier.Classify(result.StandardError);
        if (reason == GitFailureReason.AuthenticationFailed && remote is not null)
            state.MarkRejected(remote.Identity);
        var detail = SecretScrubber.Scrub(result.StandardError.Trim(), remote?.Credentials);
        Log.CommandFailed(_logger, url, operation, reason, detail);
        throw new GitSourceException(reason, $"git {operation} for {url} failed ({reason}): {detail}");
    }
}
