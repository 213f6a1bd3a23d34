namespace GitOpsAgent.Git.Tests.Cache;

public sealed class RemoteRefsTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Feature = "2222222222222222222222222222222222222222";
    private const string TagObject = "3333333333333333333333333333333333333333";
    private const string TaggedCommit = "4444444444444444444444444444444444444444";
    private const string Light = "5555555555555555555555555555555555555555";

    private static readonly RemoteRefs Refs = RemoteRefs.Parse(
        $"{Head}\tHEAD\n{Head}\trefs/heads/main\n{Feature}\trefs/heads/feature/x\n" +
        $"{TagObject}\trefs/tags/v1\n{TaggedCommit}\trefs/tags/v1^{{}}\n{Light}\trefs/tags/light\n{Feature}\trefs/pull/1/head\nwarning: noise\n");

    [Theory]
    [InlineData("HEAD", Head)]
    [InlineData("main", Head)]
    [InlineData("feature/x", Feature)]
    [InlineData("v1", TaggedCommit)]
    [InlineData("refs/tags/v1", TaggedCommit)]
    [InlineData("light", Light)]
    [InlineData("refs/pull/1/head", Feature)]
    public void Resolve_KnownName_ReturnsCommit(string revision, string expected) =>
        Assert.Equal(expected, Refs.Resolve(revision));

    [Theory]
    [InlineData("missing")]
    [InlineData("x")]
    public void Resolve_UnknownName_ReturnsNull(string revision) =>
        Assert.Null(Refs.Resolve(revision));

    [Fact]
    public void Parse_NoiseLines_AreSkipped() => Assert.Equal(7, Refs.Count);
}
