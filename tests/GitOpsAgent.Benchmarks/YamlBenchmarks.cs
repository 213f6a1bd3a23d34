using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// Reading and writing a 1,000-document YAML stream (about what a large kustomize build prints, ~1 MB); 250 documents
/// too, to show whether the cost grows linearly.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class YamlBenchmarks
{
    private List<JsonNode?> documents = [];
    private string text = "";

    [Params(250, 1000)]
    public int DocumentCount { get; set; }

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

        Console.WriteLine($"// YAML corpus: {DocumentCount} documents, {text.Length / 1024} KiB");
    }

    [Benchmark]
    public IReadOnlyList<YamlDocument> Read() => YamlDocumentReader.Read(text, "corpus.yaml");

    [Benchmark]
    public string WriteDocuments() => YamlWriter.WriteDocuments(documents);
}
