using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Cli;

/// <summary>The "GitOpsAgent" section of appsettings.json next to the executable or in the working directory, as flat strings.</summary>
internal static class AppSettings
{
    public static Dictionary<string, string> Load()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(Environment.CurrentDirectory, "appsettings.json") }.Distinct())
        {
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is JsonObject root
                    && root["GitOpsAgent"] is JsonObject section)
                {
                    foreach (var (key, value) in section)
                    {
                        result[key] = value is JsonArray list ? string.Join(',', list.Select(v => v?.ToString())) : value?.ToString() ?? "";
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"{file}: {ex.Message}", ex);
            }
        }

        return result;
    }
}
