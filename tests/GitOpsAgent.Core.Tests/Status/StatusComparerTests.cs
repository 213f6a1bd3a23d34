using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Tests.Status;

public sealed class StatusComparerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ApplicationStatus Sample() => new()
    {
        ObservedGeneration = 4,
        Sync = new SyncStatusInfo { Status = "Synced", Revision = "abc123" },
        Health = new HealthStatusInfo { Status = "Healthy" },
        Conditions = Conditions.Set(null, ConditionTypes.Ready, true, ConditionReasons.Succeeded, "ok", 4, T0),
        History = History.Record(null, new HistoryEntry { Revision = "abc123", DeployedAt = Conditions.FormatTime(T0) }),
        Resources = [new ResourceStatus { Group = "apps", Version = "v1", Kind = "Deployment", Namespace = "default", Name = "web", Status = "Synced" }],
    };

    [Fact]
    public void IsEquivalent_SameValuesInDifferentInstances_IsTrue()
    {
        Assert.True(StatusComparer.IsEquivalent(Sample(), Sample()));
    }

    [Fact]
    public void IsEquivalent_StatusReadBackWithOtherFieldOrder_IsTrue()
    {
        var json = ApplicationSerializer.StatusToJson(Sample());
        var reordered = new JsonObject(json.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var readBack = reordered.Deserialize<ApplicationStatus>(ApplicationSerializer.Options)!;

        Assert.True(StatusComparer.IsEquivalent(Sample(), readBack));
    }

    [Fact]
    public void IsEquivalent_OneFieldDiffers_IsFalse()
    {
        var changed = Sample();
        changed.Health!.Message = "now with a message";

        Assert.False(StatusComparer.IsEquivalent(Sample(), changed));
    }

    [Fact]
    public void IsEquivalent_ConditionTransitionTimeDiffers_IsFalse()
    {
        var changed = Sample();
        changed.Conditions![0].LastTransitionTime = "2024-05-01T12:00:01Z";

        Assert.False(StatusComparer.IsEquivalent(Sample(), changed));
    }

    [Fact]
    public void IsEquivalent_Nulls_OnlyNullEqualsNull()
    {
        Assert.True(StatusComparer.IsEquivalent(null, null));
        Assert.False(StatusComparer.IsEquivalent(null, new ApplicationStatus()));
        Assert.False(StatusComparer.IsEquivalent(Sample(), null));
    }
}
