using System.Globalization;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>Kubernetes resource.Quantity canonical form: "1000m" -> "1", "1024Mi" -> "1Gi", "0.5Gi" -> "512Mi".</summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Binary =
        [("Ei", Pow(1024, 6)), ("Pi", Pow(1024, 5)), ("Ti", Pow(1024, 4)), ("Gi", Pow(1024, 3)), ("Mi", Pow(1024, 2)), ("Ki", 1024m)];

    private static readonly (string Suffix, decimal Factor)[] Decimal =
        [("E", 1e18m), ("P", 1e15m), ("T", 1e12m), ("G", 1e9m), ("M", 1e6m), ("k", 1e3m), ("", 1m), ("m", 1e-3m), ("u", 1e-6m), ("n", 1e-9m)];

    /// <summary>The canonical text, or the input unchanged when it is not a quantity this parser knows.</summary>
    public static string Canonicalize(string text)
    {
        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] is '.' or '+' or '-'))
        {
            split++;
        }

        if (split == 0 || !decimal.TryParse(text[..split], NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return text;
        }

        var suffix = text[split..];
        var binary = Binary.FirstOrDefault(b => b.Suffix == suffix);
        var dec = Decimal.FirstOrDefault(d => d.Suffix == suffix && (d.Suffix.Length > 0 || suffix.Length == 0));
        if (binary.Suffix is null && dec.Suffix is null)
        {
            return text;
        }

        var value = number * (binary.Suffix is not null ? binary.Factor : dec.Factor);
        if (binary.Suffix is not null && value == decimal.Truncate(value))
        {
            foreach (var (s, factor) in Binary)
            {
                if (Math.Abs(value) >= factor && value % factor == 0)
                {
                    return Format(value / factor) + s;
                }
            }

            return Format(value);
        }

        foreach (var (s, factor) in Decimal)
        {
            var scaled = value / factor;
            if (scaled == decimal.Truncate(scaled) && (Math.Abs(value) >= factor || value == 0))
            {
                return Format(scaled) + (value == 0 ? "" : s);
            }
        }

        return Format(decimal.Ceiling(value / 1e-9m)) + "n";
    }

    private static string Format(decimal d) => decimal.Truncate(d).ToString(CultureInfo.InvariantCulture);

    private static decimal Pow(decimal b, int e)
    {
        var result = 1m;
        for (var i = 0; i < e; i++)
        {
            result *= b;
        }

        return result;
    }
}
