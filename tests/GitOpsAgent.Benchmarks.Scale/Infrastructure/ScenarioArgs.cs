using System.Globalization;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>"--name value" options after the scenario name.</summary>
public sealed class ScenarioArgs(IReadOnlyList<string> args)
{
    public int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => Value(name);

    private string? Value(string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--" + name)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
