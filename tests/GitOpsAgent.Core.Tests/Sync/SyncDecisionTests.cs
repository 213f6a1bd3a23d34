using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class SyncDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Backoff SelfHealBackoff = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5));

    private static SyncInputs Inputs(
        bool outOfSync = true,
        string? manual = null,
        AutomatedSync? automated = null,
        bool suspended = false,
        bool newRevision = true,
        bool webhook = false,
        int selfHeals = 0,
        DateTimeOffset? lastSelfHeal = null) =>
        new(outOfSync, manual, automated, suspended, newRevision, webhook, selfHeals, lastSelfHeal ?? DateTimeOffset.MinValue, Now, SelfHealBackoff);

    private static AutomatedSync Auto(bool prune = false, bool selfHeal = false) => new() { Prune = prune, SelfHeal = selfHeal };

    [Fact]
    public void Decide_InSyncAndNoRequest_DoesNotSync() =>
        Assert.Equal(SyncVerdict.InSync, SyncDecision.Decide(Inputs(outOfSync: false, automated: Auto())).Verdict);

    [Fact]
    public void Decide_InSyncWithManualRequest_Syncs() =>
        Assert.True(SyncDecision.Decide(Inputs(outOfSync: false, manual: "true")).ShouldSync);

    [Fact]
    public void Decide_Suspended_NeverSyncsEvenWhenAsked() =>
        Assert.Equal(SyncVerdict.Suspended, SyncDecision.Decide(Inputs(manual: "true", automated: Auto(), suspended: true)).Verdict);

    [Fact]
    public void Decide_NotAutomatedWithoutRequest_WaitsForManualSync() =>
        Assert.Equal(SyncVerdict.ManualOnly, SyncDecision.Decide(Inputs()).Verdict);

    [Fact]
    public void Decide_NewRevisionAutomated_SyncsWithThePolicysPrune()
    {
        var decision = SyncDecision.Decide(Inputs(automated: Auto(prune: true)));

        Assert.Equal((SyncVerdict.Sync, true, "auto", false), (decision.Verdict, decision.Prune, decision.InitiatedBy, decision.IsSelfHeal));
    }

    [Fact]
    public void Decide_NewRevisionFromWebhook_IsInitiatedByWebhook() =>
        Assert.Equal("webhook", SyncDecision.Decide(Inputs(automated: Auto(), webhook: true)).InitiatedBy);

    [Fact]
    public void Decide_DriftAtSyncedRevisionWithoutSelfHeal_IsLeftAlone() =>
        Assert.Equal(SyncVerdict.SelfHealOff, SyncDecision.Decide(Inputs(automated: Auto(), newRevision: false)).Verdict);

    [Fact]
    public void Decide_DriftWithSelfHeal_SyncsAsSelfHeal() =>
        Assert.True(SyncDecision.Decide(Inputs(automated: Auto(selfHeal: true), newRevision: false)).IsSelfHeal);

    [Fact]
    public void Decide_SelfHealSoonAfterTheLastOnes_WaitsTheRemainingBackoff()
    {
        // Three heals: the fourth waits 5s * 2^2 = 20s after the third, of which 8s have passed.
        var decision = SyncDecision.Decide(Inputs(automated: Auto(selfHeal: true), newRevision: false, selfHeals: 3, lastSelfHeal: Now.AddSeconds(-8)));

        Assert.Equal((SyncVerdict.SelfHealBackoff, TimeSpan.FromSeconds(12)), (decision.Verdict, decision.Wait));
    }

    [Fact]
    public void Decide_SelfHealAfterTheBackoffElapsed_Syncs() =>
        Assert.True(SyncDecision.Decide(Inputs(automated: Auto(selfHeal: true), newRevision: false, selfHeals: 3, lastSelfHeal: Now.AddSeconds(-21))).ShouldSync);

    [Fact]
    public void Decide_ManualRequestDuringSelfHealBackoff_SyncsAtOnce()
    {
        var decision = SyncDecision.Decide(Inputs(manual: "true", automated: Auto(selfHeal: true), newRevision: false, selfHeals: 3, lastSelfHeal: Now));

        Assert.Equal((SyncVerdict.Sync, "manual", false), (decision.Verdict, decision.InitiatedBy, decision.IsSelfHeal));
    }

    [Theory]
    [InlineData("prune", false, true)]
    [InlineData("true", false, false)]
    [InlineData("true", true, true)]
    public void Decide_ManualRequest_PrunesWhenAskedOrWhenThePolicyPrunes(string request, bool policyPrunes, bool expected) =>
        Assert.Equal(expected, SyncDecision.Decide(Inputs(manual: request, automated: policyPrunes ? Auto(prune: true) : null)).Prune);
}
