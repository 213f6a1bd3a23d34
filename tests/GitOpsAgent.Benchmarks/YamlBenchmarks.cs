using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Benchmarks;

/// <summary>Reading and writing a 1,000-document YAML stream (about what a large kustomize build prints).</summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class YamlBenchmarks
{
    private const int DocumentCount = 1000;
    private List<JsonNode?> documents = [];
    private string text = "";

    [GlobalSetup]
    public void Setup()
    {
        documents = ManifestCorpus.Objects(DocumentCount).Cast<JsonNode?>().ToList();
        text = YamlWriter.WriteDocuments(documents);
        var read = YamlDocumentReader.Read(text, "corpus.yaml").Count;
        if (read != DocumentCount)
        {
            throw new InvalidOperationException($"the corpus reads back as {read} documents, not {DocumentCount}");
        }
    }

    [Benchmark]
    public IReadOnlyList<YamlDocument> Read() => YamlDocumentReader.Read(text, "corpus.yaml");

    [Benchmark]
    public string WriteDocuments() => YamlWriter.WriteDocuments(documents);
}
