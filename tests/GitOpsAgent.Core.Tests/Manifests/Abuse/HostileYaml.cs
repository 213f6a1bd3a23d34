using System.Text;

namespace GitOpsAgent.Core.Tests.Manifests.Abuse;

/// <summary>Generated hostile inputs: deep nesting in every syntax, alias bombs, document floods.</summary>
internal static class HostileYaml
{
    private const string Header = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n";

    /// <summary>A ConfigMap whose data nests <paramref name="depth"/> levels deep, written in one of the syntaxes.</summary>
    public static string Nested(string syntax, int depth) => syntax switch
    {
        "flow-sequence" => Header + "data: " + new string('[', depth) + new string(']', depth) + "\n",
        "flow-mapping" => Header + "data: " + Repeat("{a: ", depth) + "1" + new string('}', depth) + "\n",
        "block" => Header + "data:\n  " + Repeat("- ", depth) + "x\n",
        "json" => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"hostile"},"data":""" + Repeat("""{"a":""", depth) + "1" + new string('}', depth) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(syntax)),
    };

    /// <summary>"Billion laughs": nine levels of nine aliases each, 9^9 scalars once expanded, in a few hundred bytes.</summary>
    public static string AliasBomb()
    {
        var text = new StringBuilder(Header).Append("data:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            text.Append("  ").Append(name).Append(": &").Append(name).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
            previous = name;
        }

        return text.ToString();
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();
}
