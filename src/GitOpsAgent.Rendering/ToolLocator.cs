namespace GitOpsAgent.Rendering;

/// <summary>Finds an executable: the configured path when one is set, else the first match on PATH.</summary>
internal static class ToolLocator
{
    public static string? Find(string? configuredPath, string name)
    {
        if (!string.IsNullOrEmpty(configuredPath))
        {
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
