using System.Text.RegularExpressions;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Admission;

/// <summary>
/// metadata.name on create, as the real server checks it: most kinds take an RFC 1123 subdomain (253 characters),
/// Namespaces and Services an RFC 1123 label (63). Messages follow apimachinery's validation wording.
/// </summary>
internal static partial class NameValidation
{
    private static readonly HashSet<string> LabelNamedKinds = new(StringComparer.Ordinal) { "Namespace", "Service" };

    public static void Check(ResourceType type, string name)
    {
        if (LabelNamedKinds.Contains(type.Kind) && type.Group.Length == 0)
        {
            if (name.Length > 63 || !Label().IsMatch(name))
            {
                throw ApiException.Invalid(type.Group, type.Kind, name, "metadata.name",
                    $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            }
        }
        else if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            throw ApiException.Invalid(type.Group, type.Kind, name, "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
