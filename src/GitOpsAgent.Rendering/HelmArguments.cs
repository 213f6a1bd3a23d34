using System.Text;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering;

/// <summary>The argument list of `helm template`, built from the Application's Helm options.</summary>
internal static class HelmArguments
{
    private const int MaxReleaseNameLength = 53;

    public static List<string> Build(
        string releaseName, string chartDirectory, string? destinationNamespace, IEnumerable<string> valuesFiles, string? inlineValuesFile,
        IEnumerable<HelmParameter> parameters, IEnumerable<string> apiVersions)
    {
        var arguments = new List<string> { "template", releaseName, chartDirectory };
        if (!string.IsNullOrEmpty(destinationNamespace))
        {
            arguments.AddRange(["--namespace", destinationNamespace]);
        }

        foreach (var file in valuesFiles)
        {
            arguments.AddRange(["-f", file]);
        }

        if (inlineValuesFile is not null)
        {
            arguments.AddRange(["--values", inlineValuesFile]);
        }

        foreach (var parameter in parameters)
        {
            arguments.AddRange([parameter.ForceString == true ? "--set-string" : "--set", $"{parameter.Name}={EscapeSetValue(parameter.Value)}"]);
        }

        foreach (var apiVersion in apiVersions)
        {
            arguments.AddRange(["--api-versions", apiVersion]);
        }

        arguments.Add("--include-crds");
        return arguments;
    }

    /// <summary>Helm splits --set on commas; a value meant as one string gets them escaped, a {a,b} list is left as a list.</summary>
    public static string EscapeSetValue(string value)
    {
        if (value.StartsWith('{') && value.EndsWith('}'))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == ',' && (i == 0 || value[i - 1] != '\\'))
            {
                sb.Append('\\');
            }

            sb.Append(value[i]);
        }

        return sb.ToString();
    }

    /// <summary>The release name: the one given, else the Application's name, else the chart directory's, made a valid DNS-1123 label.</summary>
    public static string ReleaseName(string? configured, string? applicationName, string chartDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        var source = !string.IsNullOrWhiteSpace(applicationName) ? applicationName : Path.GetFileName(chartDirectory);
        var sb = new StringBuilder();
        foreach (var c in source.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var name = sb.ToString().Trim('-');
        if (name.Length > MaxReleaseNameLength)
        {
            name = name[..MaxReleaseNameLength].TrimEnd('-');
        }

        return name.Length == 0 ? "release" : name;
    }
}
