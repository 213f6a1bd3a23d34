using GitOpsAgent.Controller;

namespace GitOpsAgent.Tests.Controller;

public sealed class DependentsIndexTests
{
    private static readonly AppKey Db = new("shop", "db");
    private static readonly AppKey Web = new("shop", "web");
    private static readonly AppKey Api = new("shop", "api");

    [Fact]
    public void Update_DependencyTurnsReady_ReturnsItsDependents()
    {
        var index = new DependentsIndex();
        index.Update(Db, [], "False|Degraded");
        index.Update(Web, [Db], "False|Degraded");
        index.Update(Api, [Db], "False|Degraded");

        Assert.Equal([Api, Web], index.Update(Db, [], "True|Succeeded"));
    }

    [Fact]
    public void Update_ReasonWhyNotReadyChanges_ReturnsItsDependents()
    {
        var index = new DependentsIndex();
        index.Update(Db, [], "Unknown|");
        index.Update(Web, [Db], "False|DependencyNotReady");

        Assert.Equal([Web], index.Update(Db, [], "False|InvalidManifest"));
    }

    [Fact]
    public void Update_ReadinessUnchanged_OrFirstSeen_ReturnsNothing()
    {
        var index = new DependentsIndex();
        index.Update(Web, [Db], "False|Degraded");

        Assert.Empty(index.Update(Db, [], "True|Succeeded"));
        Assert.Empty(index.Update(Db, [], "True|Succeeded"));
    }

    [Fact]
    public void Update_DependsOnChanged_OrApplicationRemoved_UnlinksTheOldEdges()
    {
        var index = new DependentsIndex();
        index.Update(Web, [Db], "False|Degraded");
        index.Update(Web, [Api], "False|Degraded");
        index.Update(Api, [Db], "False|Degraded");
        index.Remove(Api);

        Assert.Empty(index.DependentsOf(Db));
        Assert.Equal([Web], index.DependentsOf(Api));
    }
}
