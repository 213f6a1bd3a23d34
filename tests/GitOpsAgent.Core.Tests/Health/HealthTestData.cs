using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>The golden fixtures in Health/testdata, found in the source tree by walking up from the test binaries.</summary>
internal static class HealthTestData
{
    private static readonly Lazy<string> LazyFolder = new(FindFolder);

    public static string Folder => LazyFolder.Value;

    public static JsonObject Load(string file)
    {
        var path = Path.Combine(Folder, file);
        return YamlDocumentReader.Read(File.ReadAllText(path), path).Single().Root as JsonObject
            ?? throw new InvalidDataException($"{path}: expected one mapping");
    }

    /// <summary>Fixture name to (expected status, text the message must contain).</summary>
    public static IReadOnlyDictionary<string, (string Status, string? Message)> Expected()
    {
        var root = Load("expected.yaml");
        var cases = root.GetObjectAt("cases") ?? throw new InvalidDataException("expected.yaml: no 'cases' mapping");
        var result = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        foreach (var (name, value) in cases)
        {
            var entry = value as JsonObject ?? throw new InvalidDataException($"expected.yaml: {name} must be a mapping");
            result[name] = (entry.GetStringAt("status") ?? throw new InvalidDataException($"expected.yaml: {name} has no status"), entry.GetStringAt("message"));
        }

        return result;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "GitOpsAgent.Core.Tests", "Health", "testdata");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/GitOpsAgent.Core.Tests/Health/testdata not found above {AppContext.BaseDirectory}");
    }
}
