using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Previews;

/// <summary>Application manifests from a folder (CI without cluster access): every .yaml, .yml and .json file below it.</summary>
public static class ApplicationFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The Applications in the files; one without a namespace is in "default", as kubectl would create it.</summary>
    /// <exception cref="ManifestParseException">A file does not parse (the message names file and line).</exception>
    public static IReadOnlyList<Application> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: no such directory of Application manifests");
        }

        var apps = new List<Application>();
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(directory, file);
            foreach (var manifest in ManifestReader.Read(ManifestText.Decode(File.ReadAllBytes(file), name), name))
            {
                if (manifest.Object.GetApiVersion() != Application.ApiVersionValue || manifest.Object.GetKind() != Application.KindValue)
                {
                    continue;
                }

                var app = ReadApplication(manifest);
                app.Metadata.Namespace ??= "default";
                apps.Add(app);
            }
        }

        return apps;
    }

    private static Application ReadApplication(Manifest manifest)
    {
        try
        {
            return ApplicationSerializer.FromJson(manifest.Object);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ManifestParseException(manifest.Source.File, manifest.Source.Line, 0, $"not a valid Application: {ex.Message}");
        }
    }
}
