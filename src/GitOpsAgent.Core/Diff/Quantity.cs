using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>Kubernetes resource.Quantity values: "1000m" == "1", "1Gi" == "1024Mi", "1e3" == "1k".</summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1e6m), ("G", 1e9m),
        ("T", 1e12m), ("P", 1e15m), ("E", 1e18m),
    ];

    public static bool TryParse(string s, out decimal value)
    {
        value = 0;
        s = s.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        var numberEnd = NumberEnd(s);
        if (numberEnd == 0)
        {
            return false;
        }

        if (!decimal.TryParse(s[..numberEnd], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var suffix = s[numberEnd..];
        try
        {
            if (suffix.Length == 0)
            {
                value = number;
                return true;
            }

            if ((suffix[0] == 'e' || suffix[0] == 'E') && suffix.Length > 1
                && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
            {
                value = number * Pow10(exponent);
                return true;
            }

            foreach (var (name, factor) in Suffixes)
            {
                if (suffix == name)
                {
                    value = number * factor;
                    return true;
                }
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Both sides are quantities (strings or numbers) with the same value.</summary>
    public static bool AreEqual(JsonNode? a, JsonNode? b) =>
        TryRead(a, out var x) && TryRead(b, out var y) && x == y;

    private static bool TryRead(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        return JsonValues.KindOf(v) switch
        {
            JsonValueKind.String => TryParse(v.GetValue<string>(), out value),
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static int NumberEnd(string s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        return i;
    }

    private static decimal Pow10(int exponent)
    {
        if (exponent is > 28 or < -28)
        {
            throw new OverflowException();
        }

        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10;
        }

        return exponent < 0 ? 1 / result : result;
    }
}
