using GitOpsAgent.Git.Tests.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Git.Tests.Paths;

public sealed class RepositoryPathTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _checkout;
    private readonly string _sibling;

    public RepositoryPathTests()
    {
        _checkout = Path.Combine(_temp.Path, "checkouts", "aaaa");
        _sibling = Path.Combine(_temp.Path, "checkouts", "bbbb");
        Directory.CreateDirectory(Path.Combine(_checkout, "apps", "guestbook"));
        Directory.CreateDirectory(Path.Combine(_checkout, "shared"));
        Directory.CreateDirectory(Path.Combine(_sibling, "secrets"));
        File.WriteAllText(Path.Combine(_checkout, "apps", "guestbook", "deployment.yaml"), "kind: Deployment");
        File.WriteAllText(Path.Combine(_checkout, "shared", "base.yaml"), "kind: ConfigMap");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    public void ResolveInside_RootForms_ReturnCheckoutRoot(string? path) =>
        Assert.Equal(RepositorySandbox.RealPath(_checkout), RepositoryPath.ResolveInside(_checkout, path));

    [Theory]
    [InlineData("apps/guestbook")]
    [InlineData("apps/guestbook/")]
    [InlineData("./apps//guestbook")]
    public void ResolveInside_Subdirectory_ReturnsItInsideTheCheckout(string path) =>
        Assert.Equal(Path.Combine(RepositorySandbox.RealPath(_checkout), "apps", "guestbook"), RepositoryPath.ResolveInside(_checkout, path));

    [Theory]
    [InlineData("../x")]
    [InlineData("apps/../../bbbb")]
    [InlineData("apps/..")]
    [InlineData("/etc")]
    [InlineData("/")]
    public void ResolveInside_AbsoluteOrDotDot_Rejected(string path)
    {
        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, path));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
    }

    [Theory]
    [InlineData("etc")]
    [InlineData("etc/ssl")]
    public void ResolveInside_ThroughSymlinkToEtc_Rejected(string path)
    {
        File.CreateSymbolicLink(Path.Combine(_checkout, "etc"), "/etc");

        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, path));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
    }

    [Fact]
    public void ResolveInside_SymlinkToSiblingCheckout_Rejected()
    {
        Directory.CreateSymbolicLink(Path.Combine(_checkout, "other"), "../bbbb/secrets");

        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, "other"));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
    }

    [Fact]
    public void ResolveInside_TargetDirectoryHoldsSymlinkedFileOutside_Rejected()
    {
        File.CreateSymbolicLink(Path.Combine(_checkout, "apps", "guestbook", "passwd.yaml"), "/etc/passwd");

        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, "apps"));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
        Assert.Contains("passwd.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveInside_TargetDirectoryHoldsDanglingRelativeLinkOutside_Rejected()
    {
        File.CreateSymbolicLink(Path.Combine(_checkout, "apps", "up.yaml"), "../../../nowhere.yaml");

        Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, "apps"));
    }

    [Fact]
    public void ResolveInside_SymlinksThatStayInside_Allowed()
    {
        File.CreateSymbolicLink(Path.Combine(_checkout, "apps", "guestbook", "base.yaml"), "../../shared/base.yaml");
        Directory.CreateSymbolicLink(Path.Combine(_checkout, "current"), "apps/guestbook");

        var resolved = RepositoryPath.ResolveInside(_checkout, "current");

        Assert.Equal(Path.Combine(RepositorySandbox.RealPath(_checkout), "apps", "guestbook"), resolved);
        Assert.Equal("kind: ConfigMap", File.ReadAllText(Path.Combine(resolved, "base.yaml")));
    }

    [Fact]
    public void ResolveInside_CheckoutReachedThroughSymlinkedParent_StillWorks()
    {
        var alias = Path.Combine(_temp.Path, "alias");
        Directory.CreateSymbolicLink(alias, Path.Combine(_checkout, ".."));

        var resolved = RepositoryPath.ResolveInside(Path.Combine(alias, "aaaa"), "apps");

        Assert.Equal(Path.Combine(RepositorySandbox.RealPath(_checkout), "apps"), resolved);
    }

    [Fact]
    public void ResolveInside_MissingPath_Rejected()
    {
        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, "apps/nothing"));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveInside_LinkToInRepoDirectoryThatHoldsAnAbsoluteLink_Rejected()
    {
        // The link chain that let helm read the controller's token: apps/guestbook/files -> ../../shared, shared/token -> /etc/passwd.
        Directory.CreateSymbolicLink(Path.Combine(_checkout, "apps", "guestbook", "files"), "../../shared");
        File.CreateSymbolicLink(Path.Combine(_checkout, "shared", "token"), "/etc/passwd");

        var error = Assert.Throws<GitSourceException>(() => RepositoryPath.ResolveInside(_checkout, "apps/guestbook"));

        Assert.Equal(GitFailureReason.InvalidPath, error.Reason);
        Assert.Contains("\"shared/token\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/passwd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveInside_DirectoryLinkLoopInsideTheCheckout_TerminatesAndIsAllowed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_checkout, "apps", "guestbook", "again"), "..");

        var resolved = RepositoryPath.ResolveInside(_checkout, "apps/guestbook");

        Assert.Equal(Path.Combine(RepositorySandbox.RealPath(_checkout), "apps", "guestbook"), resolved);
    }
}
