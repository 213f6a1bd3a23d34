using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// Diff throughput against the floor of parsing both sides: Parse is the baseline, so the Ratio column is (parse + diff) / parse.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class DiffBenchmarks
{
    private string desiredJson = "";
    private string liveJson = "";
    private DiffOptions options = new();

    [Params("Deployment", "ConfigMap", "CustomResource")]
    public string Kind { get; set; } = "";

    [Params("InSync", "Modified")]
    public string State { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var diffCase = DiffCase.For(Kind);
        desiredJson = diffCase.DesiredJson;
        liveJson = State == "InSync" ? diffCase.LiveInSyncJson : diffCase.LiveModifiedJson;
        options = diffCase.Options;

        // A benchmark of the wrong outcome measures nothing useful: the inputs must produce the named state.
        var expected = State == "InSync" ? DiffAction.InSync : DiffAction.Modified;
        var diff = ParseAndDiff();
        if (diff.Action != expected)
        {
            throw new InvalidOperationException($"{Kind} {State}: the inputs diff as {diff.Action}, not {expected}");
        }

        Console.WriteLine($"// {Kind} {State}: desired {desiredJson.Length / 1024} KiB, live {liveJson.Length / 1024} KiB of JSON; "
            + $"{diff.Differences.Count} field differences, unified diff {diff.UnifiedDiff.Length} chars");
    }

    [Benchmark(Baseline = true)]
    public int Parse() => JsonNode.Parse(desiredJson)!.AsObject().Count + JsonNode.Parse(liveJson)!.AsObject().Count;

    [Benchmark]
    public ResourceDiff ParseAndDiff() =>
        ResourceDiffer.Diff(JsonNode.Parse(desiredJson)!.AsObject(), JsonNode.Parse(liveJson)!.AsObject(), options);
}
