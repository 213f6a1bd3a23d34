using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Variables;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// What spec.substitute adds to a render: strict expansion of a 1,000-document stream (~750 KiB) with one reference in
/// every object's name, against reading the same stream as YAML (what every render does anyway).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class SubstitutionBenchmarks
{
    private readonly VariableSet variables = VariableSet.ForCluster("east", new Dictionary<string, string> { ["region"] = "eu-west" })
        .With(new Dictionary<string, string> { ["suffix"] = "prod", ["replicas"] = "3" }, "spec.substitute");

    private string text = "";

    [GlobalSetup]
    public void Setup()
    {
        var plain = YamlWriter.WriteDocuments(ManifestCorpus.Objects(1000).Cast<JsonNode?>().ToList());
        text = plain.Replace("\n  name: ", "\n  name: ${cluster.name}-${suffix}-", StringComparison.Ordinal);
        var references = (text.Length - text.Replace("${", "", StringComparison.Ordinal).Length) / 2;
        var expanded = VariableExpander.Expand(text, variables, "corpus.yaml");
        if (references < 2000 || expanded.Contains("${", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the corpus holds {references} references and expands to {(expanded.Contains("${", StringComparison.Ordinal) ? "some left" : "none left")}");
        }

        Console.WriteLine($"// substitution corpus: 1000 documents, {text.Length / 1024} KiB, {references} references");
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<YamlDocument> ReadYaml() => YamlDocumentReader.Read(text, "corpus.yaml");

    [Benchmark]
    public string Expand() => VariableExpander.Expand(text, variables, "corpus.yaml");
}
