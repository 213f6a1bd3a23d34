using System.Diagnostics;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.TestSupport;
using GitOpsAgent.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// Git cost of polling: N Applications on R repositories, nothing changed, through the real repository cache with the
/// controller's per-Application step (resolve; check out only when the SHA moved). Bytes are counted by a TCP proxy
/// in front of git daemon. Then a changed repository: our resolve + checkout against a hand-made mirror and git fetch.
/// </summary>
public static class GitPollScenario
{
    private sealed class AppMemory
    {
        public string? Sha;
    }

    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var apps = args.Int("apps", 100);
        var repos = args.Int("repos", 5);
        var cycles = args.Int("cycles", 5);
        var gap = TimeSpan.FromSeconds(args.Double("gap", 2));
        var ttl = TimeSpan.FromSeconds(args.Double("ttl", 1));
        var rounds = args.Int("rounds", 3);
        var extraKb = args.Int("extra-kb", 0);
        var report = new ScenarioReport("git-poll");
        report.Json["parameters"] = $"apps={apps} repos={repos} cycles={cycles} gap={gap.TotalSeconds}s lsRemoteTtl={ttl.TotalSeconds}s rounds={rounds} extraKbPerRepo={extraKb}";

        await using var git = await GitTestServer.StartAsync();
        await using var proxy = ByteCountingProxy.Start(git.Port);
        var repositories = new List<GitTestRepository>();
        for (var r = 0; r < repos; r++)
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var a = r; a < apps; a += repos)
            {
                foreach (var (path, content) in Manifests.AppFiles($"apps/app-{a}", $"app-{a}-", 4, 1))
                {
                    files[path] = content;
                }
            }

            // Incompressible files (vendored charts, CRDs, binaries) make the cost of the tree visible.
            for (var k = 0; k < extraKb / 2; k++)
            {
                files[$"vendor/blob-{k}.txt"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1536));
            }

            var repo = await git.CreateRepositoryAsync($"repo-{r}", files);
            // Some history, so that a full clone costs more than the one commit the controller needs.
            for (var c = 1; c <= 20; c++)
            {
                repo.WriteFile($"apps/app-{r}/cm-0.yaml", Manifests.ConfigMap($"app-{r}-cm-0", $"history-{c}"));
                await repo.CommitAsync($"history {c}");
            }

            repositories.Add(repo);
        }

        string UrlOf(int r) => $"git://127.0.0.1:{proxy.Port}/repo-{r}";

        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        using var cache = new GitRepositoryCache(
            new GitRepositoryCacheOptions { CacheRoot = Directory.CreateTempSubdirectory("gitops-scale-git-").FullName, LsRemoteTtl = ttl },
            NullLogger<GitRepositoryCache>.Instance,
            runner: runner);
        var memory = Enumerable.Range(0, apps).Select(_ => new AppMemory()).ToArray();

        // One cycle: every Application's poll, eight at a time like the controller's workers.
        async Task<(GitProcessCount Git, TrafficCount Traffic, TimeSpan Duration, int Checkouts)> CycleAsync()
        {
            var gitBefore = GitProcessCount.Read(runner);
            var trafficBefore = proxy.Traffic;
            var checkouts = 0;
            var stopwatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, apps), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (a, ct) =>
            {
                var url = UrlOf(a % repos);
                var resolved = await cache.ResolveAsync(url, "main", null, ct);
                if (resolved.CommitSha != memory[a].Sha)
                {
                    await cache.CheckoutAsync(url, resolved.CommitSha, null, ct);
                    memory[a].Sha = resolved.CommitSha;
                    Interlocked.Increment(ref checkouts);
                }
            });
            return (GitProcessCount.Read(runner) - gitBefore, proxy.Traffic - trafficBefore, stopwatch.Elapsed, checkouts);
        }

        var cycleRows = new List<IReadOnlyList<object?>>();
        for (var c = 0; c <= cycles; c++)
        {
            if (c > 0)
            {
                await Task.Delay(gap);
            }

            var result = await CycleAsync();
            cycleRows.Add([c == 0 ? "0 (cold)" : c.ToString(), result.Git.Started, result.Git.LsRemote, result.Git.Fetch, result.Git.Local, result.Checkouts, result.Traffic.Connections, result.Traffic.BytesToServer, result.Traffic.BytesToClient, result.Duration.TotalMilliseconds]);
            Console.WriteLine($"cycle {c}: {result.Git.Started} git processes ({result.Git.LsRemote} ls-remote, {result.Git.Fetch} fetch), {result.Traffic.Bytes} bytes, {result.Duration.TotalMilliseconds:0} ms");
        }

        report.Table(
            $"Poll cycles: {apps} Applications on {repos} repositories, nothing changed after cycle 0",
            ["cycle", "git processes", "ls-remote", "fetch", "local git", "checkouts", "TCP connections", "bytes to server", "bytes to client", "ms"],
            cycleRows);

        // One repository changed: one cycle of all Applications sees it.
        await Task.Delay(gap);
        repositories[0].WriteFile("apps/app-0/cm-1.yaml", Manifests.ConfigMap("app-0-cm-1", "changed-in-cycle"));
        await repositories[0].CommitAsync("change for a cycle");
        var changed = await CycleAsync();
        report.Table(
            "A cycle in which one repository has a new commit",
            ["git processes", "ls-remote", "fetch", "local git", "checkouts", "TCP connections", "bytes to server", "bytes to client", "ms"],
            [[changed.Git.Started, changed.Git.LsRemote, changed.Git.Fetch, changed.Git.Local, changed.Checkouts, changed.Traffic.Connections, changed.Traffic.BytesToServer, changed.Traffic.BytesToClient, changed.Duration.TotalMilliseconds]]);

        await CompareWithHandMadeMirrorAsync(report, proxy, repositories[repos - 1], UrlOf(repos - 1), rounds);
        return report;
    }

    /// <summary>The repository cache against what a person would do: git clone --mirror once, git fetch per change.</summary>
    private static async Task CompareWithHandMadeMirrorAsync(ScenarioReport report, ByteCountingProxy proxy, GitTestRepository repo, string url, int rounds)
    {
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        using var cache = new GitRepositoryCache(
            new GitRepositoryCacheOptions { CacheRoot = Directory.CreateTempSubdirectory("gitops-scale-git-cmp-").FullName, LsRemoteTtl = TimeSpan.Zero },
            NullLogger<GitRepositoryCache>.Instance,
            runner: runner);
        var handMirror = Path.Combine(Directory.CreateTempSubdirectory("gitops-scale-hand-").FullName, "mirror.git");
        var rows = new List<IReadOnlyList<object?>>();

        async Task<(TrafficCount Traffic, TimeSpan Duration, int Processes)> MeasureAsync(Func<Task> action)
        {
            var before = proxy.Traffic;
            var processes = runner.Started;
            var stopwatch = Stopwatch.StartNew();
            await action();
            return (proxy.Traffic - before, stopwatch.Elapsed, runner.Started - processes);
        }

        void AddRows(string operation, (TrafficCount Traffic, TimeSpan Duration, int Processes) ours, string handCommand, (TrafficCount Traffic, TimeSpan Duration, int Processes) hand)
        {
            rows.Add([operation, "repository cache: Resolve + Checkout", ours.Processes, ours.Traffic.Connections, ours.Traffic.Bytes, ours.Duration.TotalMilliseconds, (double)ours.Traffic.Bytes / hand.Traffic.Bytes, ours.Duration.TotalMilliseconds / hand.Duration.TotalMilliseconds]);
            rows.Add([operation, "by hand: " + handCommand, 1, hand.Traffic.Connections, hand.Traffic.Bytes, hand.Duration.TotalMilliseconds, 1.0, 1.0]);
        }

        var oursCold = await MeasureAsync(async () =>
        {
            var resolved = await cache.ResolveAsync(url, "main", null, default);
            await cache.CheckoutAsync(url, resolved.CommitSha, null, default);
        });
        var handCold = await MeasureAsync(() => GitCli.RunAsync(Path.GetDirectoryName(handMirror)!, "clone", "--quiet", "--mirror", url, handMirror));
        AddRows("first sync (cold)", oursCold, "git clone --mirror", handCold);

        for (var round = 1; round <= rounds; round++)
        {
            repo.WriteFile($"apps/changed-{round}.yaml", Manifests.ConfigMap($"changed-{round}", $"round-{round}"));
            await repo.CommitAsync($"change {round}");
            var ours = await MeasureAsync(async () =>
            {
                var resolved = await cache.ResolveAsync(url, "main", null, default);
                await cache.CheckoutAsync(url, resolved.CommitSha, null, default);
            });
            var hand = await MeasureAsync(() => GitCli.RunAsync(handMirror, "fetch", "--quiet"));
            AddRows($"new commit {round}", ours, "git fetch", hand);
        }

        report.Table(
            "A changed repository: the repository cache against a hand-made mirror (same repository, same commits, both through the proxy)",
            ["operation", "how", "git processes", "TCP connections", "bytes (both ways)", "ms", "byte ratio ours/hand", "time ratio ours/hand"],
            rows);
    }
}
