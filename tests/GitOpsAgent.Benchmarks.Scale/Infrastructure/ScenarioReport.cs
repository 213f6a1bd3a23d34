using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>
/// The result of one scenario: tables printed as Markdown (pasted into docs/benchmarks/scale.md) and the same figures
/// as JSON in artifacts/benchmarks/scale/&lt;scenario&gt;.json.
/// </summary>
public sealed class ScenarioReport(string scenario)
{
    private readonly JsonObject _json = new()
    {
        ["scenario"] = scenario,
        ["startedUtc"] = DateTime.UtcNow.ToString("O"),
        ["machine"] = Machine.Describe(),
    };

    private readonly List<string> _lines = [];

    public JsonObject Json => _json;

    public void Table(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var array = new JsonArray();
        _lines.Add("");
        _lines.Add($"### {title}");
        _lines.Add("");
        _lines.Add("| " + string.Join(" | ", columns) + " |");
        _lines.Add("|" + string.Concat(columns.Select(_ => " --- |")));
        foreach (var row in rows)
        {
            _lines.Add("| " + string.Join(" | ", row.Select(Format)) + " |");
            var item = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                item[columns[i]] = ToJson(row[i]);
            }

            array.Add(item);
        }

        _json[title] = array;
    }

    public void Note(string line)
    {
        _lines.Add(line);
        Console.WriteLine(line);
    }

    public string Write(string? path)
    {
        Console.WriteLine();
        Console.WriteLine($"## {_json["scenario"]}  ({_json["machine"]})");
        foreach (var line in _lines)
        {
            Console.WriteLine(line);
        }

        // Relative to the repository root: dotnet run starts the program in the project folder.
        path = Path.GetFullPath(path ?? Path.Combine("artifacts", "benchmarks", "scale", $"{_json["scenario"]}.json"), Machine.RepositoryRoot());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _json["finishedUtc"] = DateTime.UtcNow.ToString("O");
        File.WriteAllText(path, _json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine();
        Console.WriteLine($"results written to {path}");
        return path;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(Math.Round(d, 3)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : "0.##"),
        _ => value.ToString() ?? "-",
    };
}
