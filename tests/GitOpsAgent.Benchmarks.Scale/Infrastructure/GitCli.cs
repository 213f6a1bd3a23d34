using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>git run by hand, as a person would (the baseline the repository cache is compared with).</summary>
public static class GitCli
{
    public static Task<string> RunAsync(string workingDirectory, params string[] args) =>
        ProcessRunner.SucceedAsync("git", args, TimeSpan.FromSeconds(120), workingDirectory);
}
