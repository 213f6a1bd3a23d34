using System.Globalization;

namespace GitOpsAgent.Demo;

/// <summary>`dotnet run --project tests/GitOpsAgent.Demo [-- [--timeout SECONDS] [--keep]]` (a bare number is the timeout, as before).</summary>
public sealed record DemoOptions(TimeSpan Timeout, bool Keep)
{
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var timeout = TimeSpan.FromSeconds(120);
        var keep = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--keep":
                    keep = true;
                    break;
                case "--timeout" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                case var bare when int.TryParse(bare, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    throw new ArgumentException($"unknown argument \"{args[i]}\"; usage: [--timeout SECONDS] [--keep]");
            }
        }

        return new DemoOptions(timeout, keep);
    }
}
