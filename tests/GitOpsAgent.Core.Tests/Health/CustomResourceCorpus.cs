using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>
/// The operators' custom resources in Health/testdata/custom-resources: one file per kind, several documents each.
/// A file starts with "# operator: NAME" and "# doc: URL" (the documentation that implies the verdicts), optionally
/// "# status-subresource: false"; every document has a line "# expect: STATUS [message fragment]".
/// </summary>
internal static class CustomResourceCorpus
{
    public sealed record Case(string File, int Index, string Operator, string Doc, bool HasStatusSubresource, JsonObject Object, string Status, string? Message)
    {
        public string Name => $"{File}#{Index}";

        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<Case>> LazyCases = new(Load);

    public static string Folder => Path.Combine(HealthTestData.Folder, "custom-resources");

    public static IReadOnlyList<Case> Cases => LazyCases.Value;

    public static Case Find(string name) => Cases.Single(c => c.Name == name);

    private static List<Case> Load()
    {
        var result = new List<Case>();
        foreach (var path in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            result.AddRange(LoadFile(path));
        }

        return result;
    }

    private static IEnumerable<Case> LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        var chunks = File.ReadAllText(path).ReplaceLineEndings("\n").Split("\n---\n");
        var header = chunks[0];
        var op = HeaderValue(header, "operator") ?? throw new InvalidDataException($"{file}: no '# operator:' line");
        var doc = HeaderValue(header, "doc") ?? throw new InvalidDataException($"{file}: no '# doc:' line");
        var hasStatusSubresource = HeaderValue(header, "status-subresource") != "false";
        for (var i = 1; i < chunks.Length; i++)
        {
            var expect = HeaderValue(chunks[i], "expect") ?? throw new InvalidDataException($"{file}: document {i} has no '# expect:' line");
            var space = expect.IndexOf(' ', StringComparison.Ordinal);
            var status = space < 0 ? expect : expect[..space];
            var message = space < 0 ? null : expect[(space + 1)..].Trim();
            var obj = YamlDocumentReader.Read(chunks[i], $"{file} document {i}").Single(d => d.Root is not null).Root as JsonObject
                ?? throw new InvalidDataException($"{file}: document {i} is not a mapping");
            yield return new Case(file, i, op, doc, hasStatusSubresource, obj, status, message);
        }
    }

    private static string? HeaderValue(string chunk, string key)
    {
        var prefix = $"# {key}:";
        foreach (var line in chunk.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }

        return null;
    }
}
