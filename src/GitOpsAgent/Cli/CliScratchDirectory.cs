namespace GitOpsAgent.Cli;

/// <summary>
/// A private temporary directory for one CLI invocation (mode 0700 on Unix), deleted when done. Never a fixed name
/// under /tmp: two CI jobs on one runner would race on it, and another user could plant a repository mirror there.
/// </summary>
internal sealed class CliScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gitops-agent-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless; the invocation's result is what matters.
        }
    }
}
