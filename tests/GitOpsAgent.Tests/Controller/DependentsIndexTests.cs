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
        index.Update(Db, [], ready: false);
        index.Update(Web, [Db], ready: false);
        index.Update(Api, [Db], ready: false);

        Assert.Equal([Api, Web], index.Update(Db, [], ready: true));
    }

    [Fact]
    public void Update_ReadinessUnchanged_OrFirstSeen_ReturnsNothing()
    {
        var index = new DependentsIndex();
        index.Update(Web, [Db], ready: false);

        Assert.Empty(index.Update(Db, [], ready: true));
        Assert.Empty(index.Update(Db, [], ready: true));
    }

    [Fact]
    public void Update_DependsOnChanged_OrApplicationRemoved_UnlinksTheOldEdges()
    {
        var index = new DependentsIndex();
        index.Update(Web, [Db], ready: false);
        index.Update(Web, [Api], ready: false);
        index.Update(Api, [Db], ready: false);
        index.Remove(Api);

        Assert.Empty(index.DependentsOf(Db));
        Assert.Equal([Web], index.DependentsOf(Api));
    }
}
