using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class DependenciesTests
{
    private static readonly AppIdentity A = new("shop", "a");
    private static readonly AppIdentity B = new("shop", "b");
    private static readonly AppIdentity C = new("platform", "c");

    private static Func<AppIdentity, IReadOnlyList<AppIdentity>> Graph(params (AppIdentity From, AppIdentity To)[] edges) =>
        node => edges.Where(e => e.From == node).Select(e => e.To).ToList();

    [Fact]
    public void Of_NamespaceOmitted_IsTheApplicationsOwn()
    {
        var spec = new ApplicationSpec { DependsOn = [new() { Name = "b" }, new() { Name = "c", Namespace = "platform" }, new() { Name = "b" }] };

        Assert.Equal([B, C], Dependencies.Of(spec, "shop"));
    }

    [Fact]
    public void FindCycle_ChainBackToStart_NamesEveryStep()
    {
        var cycle = Dependencies.FindCycle(A, Graph((A, B), (B, C), (C, A)));

        Assert.Equal("shop/a -> shop/b -> platform/c -> shop/a", Dependencies.Describe(cycle!));
    }

    [Fact]
    public void FindCycle_SelfDependency_IsACycle()
    {
        Assert.Equal("shop/a -> shop/a", Dependencies.Describe(Dependencies.FindCycle(A, Graph((A, A)))!));
    }

    [Fact]
    public void FindCycle_CycleNotThroughStart_OrNone_IsNull()
    {
        Assert.Null(Dependencies.FindCycle(A, Graph((A, B), (B, C), (C, B))));
        Assert.Null(Dependencies.FindCycle(A, Graph((A, B), (A, C), (B, C))));
    }

    [Fact]
    public void NotReady_ReadyAtItsCurrentRevision_IsNull()
    {
        Assert.Null(Dependencies.NotReady(App(ready: "True", generation: 2, observed: 2, attempted: "abc", applied: "abc")));
    }

    [Theory]
    [InlineData("False", 2, 2, "abc", "abc", "is not Ready (Degraded: broken)")]
    [InlineData("True", 3, 2, "abc", "abc", "has not been reconciled at its generation 3 yet")]
    [InlineData("True", 2, 2, "def", "abc", "has not applied its revision def yet")]
    public void NotReady_OtherwiseSaysWhy(string ready, long generation, long observed, string attempted, string applied, string expected)
    {
        Assert.Equal(expected, Dependencies.NotReady(App(ready, generation, observed, attempted, applied)));
    }

    [Fact]
    public void NotReady_MissingOrNeverReconciled_SaysSo()
    {
        Assert.Equal("does not exist", Dependencies.NotReady(null));
        Assert.Equal("has not been reconciled yet", Dependencies.NotReady(new Application()));
    }

    private static Application App(string ready, long generation, long observed, string attempted, string applied) => new()
    {
        Metadata = new ObjectMeta { Name = "a", Namespace = "shop", Generation = generation },
        Status = new ApplicationStatus
        {
            ObservedGeneration = observed,
            LastAttemptedRevision = attempted,
            LastAppliedRevision = applied,
            Conditions = [new Condition { Type = "Ready", Status = ready, Reason = ready == "True" ? "Succeeded" : "Degraded", Message = ready == "True" ? "" : "broken" }],
        },
    };
}
