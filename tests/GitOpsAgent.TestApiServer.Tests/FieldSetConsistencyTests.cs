using System.Text.Json.Nodes;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.TestApiServer.FieldManagement;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>The server's manager sets must be what Core predicts, or the controller's drift view would disagree with the server.</summary>
public sealed class FieldSetConsistencyTests
{
    [Fact]
    public void SetOf_AppliedDeployment_EqualsCoreFieldSet()
    {
        var deployment = Objects.Deployment(extraContainerFields: """
            , "ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}], "env":[{"name":"A","value":"1"}],
              "args":["x"], "resources":{"requests":{"cpu":"1"}}, "volumeMounts":[{"name":"v","mountPath":"/data"}]
            """);
        deployment["metadata"]!["finalizers"] = new JsonArray("example.com/f");
        deployment["metadata"]!["annotations"] = new JsonObject { ["a"] = "b" };
        deployment["status"] = new JsonObject { ["replicas"] = 1 };

        var server = new ObjectFields(new ListTypes(), "apps", "Deployment").SetOf(deployment, FieldScope.Main).ToFieldsV1();
        var core = FieldSet.FromObject(deployment, ListTypeTable.Builtin).ToFieldsV1();

        Assert.True(JsonNode.DeepEquals(core, server), $"core: {core.ToJsonString()}\nserver: {server.ToJsonString()}");
    }
}
