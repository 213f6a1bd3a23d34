using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Benchmarks;

/// <summary>The field set of an applied object (what the API server records as our managedFields entry).</summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class FieldSetBenchmarks
{
    private JsonObject applied = [];
    private IListTypes listTypes = ListTypeTable.Builtin;

    [Params("Deployment", "CustomResource")]
    public string Kind { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (applied, listTypes) = Kind == "Deployment"
            ? (DeploymentInput.Desired(), ListTypeTable.Builtin)
            : (CustomResourceInput.Desired(), CustomResourceInput.ListTypes);
    }

    [Benchmark]
    public FieldSet FromObject() => FieldSet.FromObject(applied, listTypes);
}
