using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Conformance.Diff;

/// <summary>
/// The gitops-engine pkg/diff cases listed in &lt;repo&gt;/../shared/conformance/diff/expected.yaml (found by walking
/// up from the test binaries). Never copied into the repository.
/// </summary>
internal static class DiffConformanceCases
{
    public const string Absent = "(conformance data absent)";

    private static readonly Lazy<string?> LazyFolder = new(FindFolder);

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> LazyCases = new(ReadCases);

    public static string? Folder => LazyFolder.Value;

    public static IReadOnlyDictionary<string, JsonObject> Cases => LazyCases.Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        if (Folder is null)
        {
            data.Add(Absent);
            return data;
        }

        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static JsonObject ReadFixture(string file)
    {
        var path = Path.Combine(Folder!, "fixtures", file);
        return YamlDocumentReader.Read(File.ReadAllText(path), path).Single().Root as JsonObject
            ?? throw new InvalidDataException($"{path}: expected an object");
    }

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "diff");
            if (File.Exists(Path.Combine(candidate, "expected.yaml")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<string, JsonObject> ReadCases()
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (Folder is null) return result;
        var path = Path.Combine(Folder, "expected.yaml");
        var root = YamlDocumentReader.Read(File.ReadAllText(path), path).Single().Root as JsonObject
            ?? throw new InvalidDataException($"{path}: expected a mapping");
        foreach (var item in root.GetArrayAt("cases") ?? throw new InvalidDataException($"{path}: no 'cases' list"))
        {
            if (item is JsonObject c && c.GetStringAt("name") is { } name)
            {
                result[name] = c;
            }
        }

        return result;
    }
}
