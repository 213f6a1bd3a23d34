namespace GitOpsAgent.Git;

/// <summary>Turns an Application's source path into a directory that is guaranteed to stay inside the checkout.</summary>
public static class RepositoryPath
{
    /// <summary>
    /// Resolves <paramref name="relativePath"/> (null, "" or "." for the root) inside the checkout. Rejects absolute paths,
    /// ".." segments, and symlinks along the path or reachable from the target directory that resolve outside the checkout.
    /// </summary>
    /// <exception cref="GitSourceException">With <see cref="GitFailureReason.InvalidPath"/>.</exception>
    public static string ResolveInside(string checkoutDirectory, string? relativePath)
    {
        ArgumentNullException.ThrowIfNull(checkoutDirectory);
        return new RepositorySandbox(checkoutDirectory).ResolveSourcePath(relativePath);
    }
}
