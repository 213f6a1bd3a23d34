using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsAgent.Core.Variables;

/// <summary>
/// The variables a <c>${name}</c> may name: the cluster's (<c>cluster.name</c>, <c>cluster.labels.KEY</c>) and the
/// Application's own (spec.substitute, spec.substituteFrom; names <c>[A-Za-z_][A-Za-z0-9_]*</c>). Values may come from
/// Secrets: nothing that describes the set (errors, the fingerprint) ever shows a value, only names.
/// </summary>
public sealed partial class VariableSet
{
    public const string ClusterName = "cluster.name";
    public const string ClusterLabelPrefix = "cluster.labels.";

    public static readonly VariableSet Empty = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> values;

    private VariableSet(IReadOnlyDictionary<string, string> values) => this.values = values;

    public IEnumerable<string> Names => values.Keys.Order(StringComparer.Ordinal);

    /// <summary>The cluster's variables: cluster.name (when the controller has one) and cluster.labels.KEY for each label.</summary>
    public static VariableSet ForCluster(string? clusterName, IReadOnlyDictionary<string, string>? clusterLabels)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(clusterName))
        {
            values[ClusterName] = clusterName;
        }

        foreach (var (key, value) in clusterLabels ?? new Dictionary<string, string>())
        {
            values[ClusterLabelPrefix + key] = value;
        }

        return new VariableSet(values);
    }

    /// <summary>A user variable's name is an identifier: the cluster.* names are the controller's.</summary>
    public static bool IsUserName(string name) => UserNamePattern().IsMatch(name);

    /// <summary>
    /// This set plus <paramref name="added"/> (later wins, as Flux's substituteFrom then substitute). A name that is not an
    /// identifier throws <see cref="ArgumentException"/> naming it and <paramref name="origin"/>.
    /// </summary>
    public VariableSet With(IEnumerable<KeyValuePair<string, string>> added, string origin)
    {
        ArgumentNullException.ThrowIfNull(added);
        var merged = new Dictionary<string, string>(values, StringComparer.Ordinal);
        foreach (var (name, value) in added)
        {
            if (!IsUserName(name))
            {
                throw new ArgumentException($"{origin}: \"{name}\" is not a variable name (letters, digits and '_', not starting with a digit)");
            }

            merged[name] = value;
        }

        return new VariableSet(merged);
    }

    public bool TryGet(string name, out string value) => values.TryGetValue(name, out value!);

    /// <summary>A hash of every name and value (for the render cache key): equal sets, equal fingerprints; no value can be read back.</summary>
    public string Fingerprint()
    {
        if (values.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var name in Names)
        {
            text.Append(name).Append('\0').Append(values[name]).Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex UserNamePattern();
}
