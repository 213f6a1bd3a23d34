namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>Sums of counters read from the controller's /metrics (Prometheus text), by the value of one label.</summary>
public static class ControllerMetrics
{
    public static async Task<Dictionary<string, double>> SumByLabelAsync(Uri controller, string family, string label)
    {
        using var http = new HttpClient { BaseAddress = controller, Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync("/metrics");
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(family + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var marker = label + "=\"";
            var start = line.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            start += marker.Length;
            var key = line[start..line.IndexOf('"', start)];
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            sums[key] = sums.GetValueOrDefault(key) + value;
        }

        return sums;
    }
}
