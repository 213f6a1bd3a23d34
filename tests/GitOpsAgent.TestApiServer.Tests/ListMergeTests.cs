using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.FieldManagement;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class ListMergeTests
{
    private static string Merge(string live, string applied)
    {
        var merged = ListMerge.Merge(
            new JsonArray(live.Split(',').Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            new JsonArray(applied.Split(',').Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            item => item!.ToString(),
            (_, appliedItem) => appliedItem?.DeepClone());
        return string.Join(",", merged.Select(n => n!.ToString()));
    }

    [Theory]
    [InlineData("a,b", "b,a", "b,a")]
    [InlineData("80,8080,8081u", "8081u,80", "8080,8081u,80")]
    [InlineData("a,b,c", "b,d", "a,b,c,d")]
    [InlineData("a", "x,y", "a,x,y")]
    public void Merge_SharedItems_FollowTheAppliedOrderAndLiveOnlyItemsKeepTheirPlace(string live, string applied, string expected) =>
        Assert.Equal(expected, Merge(live, applied));
}
