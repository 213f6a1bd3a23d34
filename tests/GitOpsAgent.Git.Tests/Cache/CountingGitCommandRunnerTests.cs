using NSubstitute;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class CountingGitCommandRunnerTests
{
    [Fact]
    public async Task RunAsync_CountsBySubcommandSkippingGlobalOptions()
    {
        var inner = Substitute.For<IGitCommandRunner>();
        inner.RunAsync(Arg.Any<GitCommand>(), Arg.Any<CancellationToken>()).Returns(new GitCommandResult(0, "", "", false));
        var counting = new CountingGitCommandRunner(inner);
        var env = new Dictionary<string, string>();

        await counting.RunAsync(new GitCommand(["-c", "core.hooksPath=/dev/null", "ls-remote", "url"], env, "/", TimeSpan.FromSeconds(1)), CancellationToken.None);
        await counting.RunAsync(new GitCommand(["-c", "a=b", "--git-dir=/m", "fetch", "origin"], env, "/", TimeSpan.FromSeconds(1)), CancellationToken.None);
        await counting.RunAsync(new GitCommand(["--git-dir=/m", "fetch", "origin"], env, "/", TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(3, counting.Started);
        Assert.Equal(1, counting.Count("ls-remote"));
        Assert.Equal(2, counting.Count("fetch"));
        Assert.Equal(0, counting.Count("cat-file"));
    }
}
