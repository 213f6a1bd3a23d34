using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller;

/// <summary>
/// An Application's variables, in one place for the reconcile and for `gitops-agent app diff` and `trace`, so the CLI
/// renders with the same variables as the controller: the cluster's expanded in the spec's source fields, and the
/// substitution set of spec.substitute and spec.substituteFrom.
/// </summary>
public static class ApplicationVariables
{
    /// <summary>The Application with the cluster's variables expanded in its source fields (itself when it names none), or the problems.</summary>
    public static (Application? App, IReadOnlyList<string> Problems) ExpandSpec(Application app, VariableSet cluster)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (spec, problems) = SpecVariables.Expand(app.Spec, cluster);
        if (spec is null || ReferenceEquals(spec, app.Spec))
        {
            return (spec is null ? null : app, problems);
        }

        return (new Application { ApiVersion = app.ApiVersion, Kind = app.Kind, Metadata = app.Metadata, Spec = spec, Status = app.Status }, problems);
    }

    /// <summary>
    /// The substitution variables: the cluster's, then each spec.substituteFrom ConfigMap or Secret (read through
    /// <paramref name="kube"/> in the Application's namespace), then spec.substitute. Null: the Application substitutes
    /// nothing. Throws <see cref="SubstitutionSourceException"/> for a missing required object, a key that is no
    /// variable name, or any substituteFrom entry when there is no cluster to read it from (<paramref name="kube"/> null).
    /// </summary>
    /// <param name="maskSecretValues">
    /// A Secret's value becomes a marker naming it: a pull-request preview is posted where the PR's author reads it, and
    /// their manifests choose where a value goes (a ConfigMap shows it, unlike a Secret).
    /// </param>
    public static async Task<VariableSet?> ReadSubstitutionsAsync(IKubernetesApi? kube, string applicationNamespace, ApplicationSpec spec, VariableSet cluster, CancellationToken ct, bool maskSecretValues = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Substitute is null && spec.SubstituteFrom is null)
        {
            return null;
        }

        var variables = cluster;
        try
        {
            foreach (var reference in spec.SubstituteFrom ?? [])
            {
                var what = $"{reference.Kind} {applicationNamespace}/{reference.Name} named by spec.substituteFrom";
                if (kube is null)
                {
                    throw new SubstitutionSourceException($"{what} cannot be read without a cluster, so the manifests cannot be substituted as the controller substitutes them", retryable: false);
                }

                var found = await kube.GetAsync("v1", reference.Kind, applicationNamespace, reference.Name, ct);
                if (found is null)
                {
                    if (reference.Optional == true)
                    {
                        continue;
                    }

                    throw new SubstitutionSourceException($"{what} does not exist (create it, or mark the entry optional: true)", retryable: true);
                }

                var isSecret = reference.Kind == SubstituteReference.SecretKind;
                var data = DataOf(found, isSecret);
                if (isSecret && maskSecretValues)
                {
                    data = data.ToDictionary(d => d.Key, d => $"(value of Secret {applicationNamespace}/{reference.Name} key {d.Key})", StringComparer.Ordinal);
                }

                variables = variables.With(data, what);
            }

            return variables.With(spec.Substitute ?? [], "spec.substitute");
        }
        catch (ArgumentException ex)
        {
            throw new SubstitutionSourceException(ex.Message, retryable: false);
        }
    }

    /// <summary>The object's data as text (a Secret's decoded).</summary>
    private static Dictionary<string, string> DataOf(System.Text.Json.Nodes.JsonObject found, bool isSecret)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in found.GetObjectAt("data") ?? [])
        {
            if (value?.GetValue<string>() is { } text)
            {
                data[key] = isSecret ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
            }
        }

        return data;
    }
}

/// <summary>spec.substituteFrom cannot be read into variables; the message names the object (and key), never a value.</summary>
public sealed class SubstitutionSourceException(string message, bool retryable) : Exception(message)
{
    /// <summary>A missing object may yet be created; a bad key needs a change to the object.</summary>
    public bool Retryable { get; } = retryable;
}
