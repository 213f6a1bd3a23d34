using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void Set_NewCondition_AddsItWithTransitionTimeNow()
    {
        var list = Conditions.Set(null, ConditionTypes.Ready, true, ConditionReasons.Succeeded, "applied", 3, T0);

        var ready = Assert.Single(list);
        Assert.Equal(("Ready", "True", "Succeeded", "applied", "2024-05-01T12:00:00Z", 3L),
            (ready.Type, ready.Status, ready.Reason, ready.Message, ready.LastTransitionTime, ready.ObservedGeneration));
    }

    [Fact]
    public void Set_SameStatusNewReason_KeepsTransitionTime()
    {
        var first = Conditions.Set(null, ConditionTypes.Ready, false, ConditionReasons.GitUnavailable, "timeout", 1, T0);

        var second = Conditions.Set(first, ConditionTypes.Ready, false, ConditionReasons.RenderFailed, "bad yaml", 2, T1);

        var ready = Assert.Single(second);
        Assert.Equal("2024-05-01T12:00:00Z", ready.LastTransitionTime);
        Assert.Equal((ConditionReasons.RenderFailed, "bad yaml", 2L), (ready.Reason, ready.Message, ready.ObservedGeneration));
    }

    [Fact]
    public void Set_StatusChanges_MovesTransitionTime()
    {
        var first = Conditions.Set(null, ConditionTypes.Ready, false, ConditionReasons.ApplyFailed, "x", 1, T0);

        var second = Conditions.Set(first, ConditionTypes.Ready, true, ConditionReasons.Succeeded, "ok", 1, T1);

        Assert.Equal("2024-05-01T12:05:00Z", Assert.Single(second).LastTransitionTime);
    }

    [Fact]
    public void Set_NullStatus_IsUnknown()
    {
        var list = Conditions.Set(null, ConditionTypes.Healthy, null, ConditionReasons.HealthUnknown, "", null, T0);

        Assert.Equal("Unknown", Assert.Single(list).Status);
        Assert.Null(list[0].ObservedGeneration);
    }

    [Fact]
    public void Set_ExistingList_IsNotModified()
    {
        var first = Conditions.Set(null, ConditionTypes.Ready, false, ConditionReasons.ApplyFailed, "x", 1, T0);

        _ = Conditions.Set(first, ConditionTypes.Ready, true, ConditionReasons.Succeeded, "ok", 2, T1);
        _ = Conditions.Set(first, ConditionTypes.Synced, true, ConditionReasons.Synced, "", 2, T1);

        var ready = Assert.Single(first);
        Assert.Equal(("False", "x", "2024-05-01T12:00:00Z"), (ready.Status, ready.Message, ready.LastTransitionTime));
    }

    [Fact]
    public void Set_AnyInsertionOrder_KeepsReadyFirstThenKnownTypesThenOthersByName()
    {
        List<Condition> list = [];
        foreach (var type in new[] { "Zeta", ConditionTypes.Healthy, "Alpha", ConditionTypes.Synced, ConditionTypes.Stalled, ConditionTypes.Ready, ConditionTypes.Reconciling })
        {
            list = Conditions.Set(list, type, true, "R", "", null, T0);
        }

        Assert.Equal(["Ready", "Reconciling", "Stalled", "Synced", "Healthy", "Alpha", "Zeta"], list.Select(c => c.Type));
    }

    [Fact]
    public void Set_NonUtcTime_IsWrittenInUtc()
    {
        var local = new DateTimeOffset(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2));

        var list = Conditions.Set(null, ConditionTypes.Ready, true, "R", "", null, local);

        Assert.Equal("2024-05-01T12:00:00Z", list[0].LastTransitionTime);
    }

    [Fact]
    public void FindIsTrueIsFalse_ReadTheNamedCondition()
    {
        var list = Conditions.Set(null, ConditionTypes.Ready, true, "R", "", null, T0);
        list = Conditions.Set(list, ConditionTypes.Stalled, false, "R", "", null, T0);

        Assert.Equal("Stalled", Conditions.Find(list, ConditionTypes.Stalled)?.Type);
        Assert.Null(Conditions.Find(list, ConditionTypes.Synced));
        Assert.Null(Conditions.Find(null, ConditionTypes.Synced));
        Assert.True(Conditions.IsTrue(list, ConditionTypes.Ready));
        Assert.False(Conditions.IsTrue(list, ConditionTypes.Stalled));
        Assert.True(Conditions.IsFalse(list, ConditionTypes.Stalled));
        Assert.False(Conditions.IsTrue(list, ConditionTypes.Synced));
    }

    [Fact]
    public void Remove_PresentType_DropsOnlyThatCondition()
    {
        var list = Conditions.Set(null, ConditionTypes.Ready, true, "R", "", null, T0);
        list = Conditions.Set(list, ConditionTypes.Stalled, true, "R", "", null, T0);

        var removed = Conditions.Remove(list, ConditionTypes.Stalled);

        Assert.Equal(["Ready"], removed.Select(c => c.Type));
        Assert.Equal(2, list.Count);
    }

    [Fact]
    public void Set_ExistingListWithRepeatedType_KeepsOneEntryPerType()
    {
        List<Condition> existing =
        [
            new() { Type = "Synced", Status = "True", Reason = "first" },
            new() { Type = "Synced", Status = "False", Reason = "second" },
        ];

        var list = Conditions.Set(existing, ConditionTypes.Ready, true, "R", "", null, T0);

        Assert.Equal([("Ready", "R"), ("Synced", "first")], list.Select(c => (c.Type, c.Reason)));
    }
}
