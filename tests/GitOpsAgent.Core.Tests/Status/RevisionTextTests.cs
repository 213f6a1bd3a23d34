using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Tests.Status;

public sealed class RevisionTextTests
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789abcdef0123456789abcdef", "0123456")]
    [InlineData("10.20.300-rc.1", "10.20.300-rc.1")]
    [InlineData("v1.2.3", "v1.2.3")]
    [InlineData("0123456789abcdef", "0123456789abcdef")]
    public void Short_CommitShaOrOtherRevision_CutsOnlyFullShas(string revision, string expected)
    {
        Assert.Equal(expected, RevisionText.Short(revision));
    }
}
