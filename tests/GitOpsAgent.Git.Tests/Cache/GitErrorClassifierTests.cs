namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitErrorClassifierTests
{
    [Theory]
    [InlineData("fatal: Authentication failed for 'https://github.com/org/repo/'", GitFailureReason.AuthenticationFailed)]
    [InlineData("fatal: could not read Username for 'https://github.com': terminal prompts disabled", GitFailureReason.AuthenticationFailed)]
    [InlineData("git@github.com: Permission denied (publickey).", GitFailureReason.AuthenticationFailed)]
    [InlineData("Host key verification failed.", GitFailureReason.AuthenticationFailed)]
    [InlineData("fatal: unable to access 'https://nowhere.invalid/': Could not resolve host: nowhere.invalid", GitFailureReason.Unreachable)]
    [InlineData("fatal: repository 'https://github.com/org/missing/' not found", GitFailureReason.Unreachable)]
    [InlineData("fatal: remote error: upload-pack: not our ref 1234", GitFailureReason.RevisionNotFound)]
    [InlineData("error: Server does not allow request for unadvertised object 1234", GitFailureReason.RevisionNotFound)]
    [InlineData("fatal: something new", GitFailureReason.CommandFailed)]
    public void Classify_GitStandardError_GivesReason(string standardError, GitFailureReason expected) =>
        Assert.Equal(expected, GitErrorClassifier.Classify(standardError));
}
