using GitOpsAgent.Git;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>A reading of a <see cref="CountingGitCommandRunner"/>; subtract two to get one period's git processes.</summary>
public readonly record struct GitProcessCount(int Started, int LsRemote, int Fetch)
{
    public int Local => Started - LsRemote - Fetch;

    public static GitProcessCount Read(CountingGitCommandRunner runner) => new(runner.Started, runner.Count("ls-remote"), runner.Count("fetch"));

    public static GitProcessCount operator -(GitProcessCount a, GitProcessCount b) =>
        new(a.Started - b.Started, a.LsRemote - b.LsRemote, a.Fetch - b.Fetch);
}
