using GitOpsAgent.TestSupport;
using System.Text;
using GitOpsAgent.Cli;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// A manifest meant to crash whoever reads it (a 100,000-level nesting, an alias bomb, bytes that are not UTF-8),
/// given to each CLI verb that reads files, in a child process: it must exit 2 naming the file, never 134.
/// </summary>
public sealed class HostileInputCliTests
{
    private static string Deep() =>
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  namespace: shop\ndata: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

    private static string AliasBomb()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n  namespace: shop\ndata:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            text.Append($"  {name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name;
        }

        return text.ToString();
    }

    public static TheoryData<string, string> VerbsAndInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in new[] { "render", "health", "diff --live" })
        {
            foreach (var input in new[] { "deep", "alias-bomb", "invalid-utf8" })
                data.Add(verb, input);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VerbsAndInputs))]
    public async Task Verb_HostileManifest_ExitsTwoNamingTheFileInsteadOfCrashing(string verb, string input)
    {
        using var dir = new TempDirectory();
        var file = input switch
        {
            "deep" => dir.Write("deep.yaml", Deep()),
            "alias-bomb" => dir.Write("lol.yaml", AliasBomb()),
            _ => WriteBytes(dir, "latin1.yaml", Encoding.Latin1.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n")),
        };
        var desired = dir.Write("desired.yaml", CliManifests.ConfigMap);
        string[] args = verb switch
        {
            "render" => ["render", file],
            "health" => ["health", file],
            _ => ["diff", desired, "--live", file],
        };

        var run = await CliProcess.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(Path.GetFileName(file), run.Stderr);
        Assert.Contains(input switch { "deep" => "nesting deeper than", "alias-bomb" => "aliases expand", _ => "not valid UTF-8" }, run.Stderr);
    }

    private static string WriteBytes(TempDirectory dir, string name, byte[] bytes)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
