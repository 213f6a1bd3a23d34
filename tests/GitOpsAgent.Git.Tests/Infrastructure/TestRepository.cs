namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>A non-bare repository served by <see cref="GitHttpServer"/>; tests commit, tag and force-push in it directly.</summary>
public sealed class TestRepository
{
    public TestRepository(string projectRoot, string name, bool allowShaFetch = true)
    {
        Name = name;
        Directory = Path.Combine(projectRoot, name);
        System.IO.Directory.CreateDirectory(Directory);
        GitCli.Run(Directory, "init", "--quiet");
        GitCli.Run(Directory, "config", "uploadpack.allowReachableSHA1InWant", allowShaFetch ? "true" : "false");
        GitCli.Run(Directory, "config", "http.uploadpack", "true");
    }

    public string Name { get; }

    public string Directory { get; }

    /// <summary>Writes the files (path -> content; null deletes) and commits them; returns the new commit SHA.</summary>
    public string Commit(IReadOnlyDictionary<string, string?> files, string message = "change")
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Directory, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        GitCli.Run(Directory, "add", "-A");
        GitCli.Run(Directory, "commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    public string Commit(string path, string content, string message = "change") =>
        Commit(new Dictionary<string, string?> { [path] = content }, message);

    public string Head() => GitCli.Run(Directory, "rev-parse", "HEAD");

    public void LightweightTag(string name) => GitCli.Run(Directory, "tag", name);

    public string AnnotatedTag(string name)
    {
        GitCli.Run(Directory, "tag", "-a", name, "-m", "release " + name);
        return GitCli.Run(Directory, "rev-parse", name);
    }

    /// <summary>Rewrites the current branch to <paramref name="sha"/>, as a force-push would.</summary>
    public void ResetHard(string sha) => GitCli.Run(Directory, "reset", "--quiet", "--hard", sha);

    public void Git(params string[] arguments) => GitCli.Run(Directory, arguments);
}
