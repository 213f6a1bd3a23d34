using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Conformance.Health;

/// <summary>
/// The gitops-engine health fixtures and their expected statuses, read from &lt;repo&gt;/../shared/conformance/health
/// (found by walking up from the test binaries). Never copied into the repository.
/// </summary>
internal static class HealthConformanceCases
{
    /// <summary>The single case yielded when the data is absent, so the theory can skip with a reason.</summary>
    public const string Absent = "(conformance data absent)";

    private static readonly Lazy<string?> LazyFolder = new(FindFolder);

    private static readonly Lazy<IReadOnlyDictionary<string, string?>> LazyExpected = new(ReadExpected);

    public static string? Folder => LazyFolder.Value;

    /// <summary>Fixture file name to expected status name, or null where any answer is accepted.</summary>
    public static IReadOnlyDictionary<string, string?> Expected => LazyExpected.Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        if (Folder is null)
        {
            data.Add(Absent);
            return data;
        }

        foreach (var name in Expected.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "health");
            if (File.Exists(Path.Combine(candidate, "expected.yaml")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<string, string?> ReadExpected()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (Folder is null)
        {
            return result;
        }

        var path = Path.Combine(Folder, "expected.yaml");
        var root = YamlDocumentReader.Read(File.ReadAllText(path), path).Single().Root as JsonObject
            ?? throw new InvalidDataException($"{path}: expected a mapping");
        var cases = root.GetObjectAt("cases") ?? throw new InvalidDataException($"{path}: no 'cases' mapping");
        foreach (var (name, value) in cases)
        {
            result[name] = (value as JsonObject)?.GetStringAt("status");
        }

        return result;
    }
}
