using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Diff;

/// <summary>Finds the golden-file folders next to the test sources (walking up from the test binaries) and reads YAML.</summary>
internal static class TestData
{
    public static string Folder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    public static JsonObject? ReadObject(string file)
    {
        if (!File.Exists(file)) return null;
        var docs = YamlDocumentReader.Read(File.ReadAllText(file), file);
        return docs.Count == 0 ? null : docs[0].Root as JsonObject;
    }

    public static JsonObject Yaml(string text) => (JsonObject)YamlDocumentReader.Read(text, "inline.yaml")[0].Root!;

    /// <summary>The case folders under <paramref name="relative"/> by name, for a golden suite's [MemberData].</summary>
    public static TheoryData<string> CaseNames(string relative) =>
        new(Directory.GetDirectories(Folder(relative)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>GITOPSAGENT_WRITE_GOLDEN=1: the golden suites write their expected files (review each before committing).</summary>
    public static bool WritingGolden => Environment.GetEnvironmentVariable("GITOPSAGENT_WRITE_GOLDEN") == "1";

    /// <summary>
    /// <paramref name="actual"/> equals the YAML of <paramref name="expectedFile"/> as JSON values (key order aside);
    /// when writing golden files, the file is written from it first.
    /// </summary>
    public static void AssertGolden(string expectedFile, JsonNode actual)
    {
        if (WritingGolden)
        {
            File.WriteAllText(expectedFile, YamlWriter.Write(actual));
        }

        var expected = YamlDocumentReader.Read(File.ReadAllText(expectedFile), expectedFile)[0].Root;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected?.ToJsonString() ?? "null"), JsonNode.Parse(actual.ToJsonString())),
            $"{expectedFile}: expected\n{File.ReadAllText(expectedFile)}\nactual\n{YamlWriter.Write(actual)}");
    }

    /// <summary>Text output (Markdown, JSON) equals <paramref name="expectedFile"/> to the byte; written first when writing golden files.</summary>
    public static void AssertGoldenText(string expectedFile, string actual)
    {
        if (WritingGolden)
        {
            File.WriteAllText(expectedFile, actual);
        }

        Assert.Equal(File.ReadAllText(expectedFile), actual);
    }
}
