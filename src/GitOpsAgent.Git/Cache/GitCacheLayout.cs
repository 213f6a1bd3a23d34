using System.Security.Cryptography;
using System.Text;

namespace GitOpsAgent.Git;

/// <summary>Where things live under the cache root: mirrors/, checkouts/, a private HOME and scratch space for secrets.</summary>
internal sealed class GitCacheLayout
{
    private const string AskPassScriptText = """
        #!/bin/sh
        # Answers git's credential prompts from this process's environment only; nothing is stored on disk.
        case "$1" in
        Username*|username*) printf '%s\n' "$GITOPSAGENT_GIT_USERNAME" ;;
        *) printf '%s\n' "$GITOPSAGENT_GIT_PASSWORD" ;;
        esac

        """;

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public GitCacheLayout(string root)
    {
        Root = Path.GetFullPath(root);
        MirrorsDirectory = Path.Combine(Root, "mirrors");
        CheckoutsDirectory = Path.Combine(Root, "checkouts");
        HomeDirectory = Path.Combine(Root, "home");
        ScratchDirectory = Path.Combine(Root, "scratch");
        AskPassScript = Path.Combine(HomeDirectory, "askpass.sh");
    }

    public string Root { get; }

    public string MirrorsDirectory { get; }

    public string CheckoutsDirectory { get; }

    public string HomeDirectory { get; }

    public string ScratchDirectory { get; }

    public string AskPassScript { get; }

    /// <summary>Creates the folders, writes the askpass script and wipes scratch files a previous process left.</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(MirrorsDirectory);
        Directory.CreateDirectory(CheckoutsDirectory);
        if (Directory.Exists(ScratchDirectory))
            Directory.Delete(ScratchDirectory, recursive: true);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(HomeDirectory);
            Directory.CreateDirectory(ScratchDirectory);
            File.WriteAllText(AskPassScript, AskPassScriptText);
            return;
        }

        Directory.CreateDirectory(HomeDirectory, PrivateDirectory);
        Directory.CreateDirectory(ScratchDirectory, PrivateDirectory);
        File.WriteAllText(AskPassScript, AskPassScriptText);
        File.SetUnixFileMode(AskPassScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A readable, collision-free folder name for a normalized repository key.</summary>
    public static string FolderName(string normalizedRepo)
    {
        var readable = new string(normalizedRepo.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        if (readable.Length > 80)
            readable = readable[..80];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedRepo)))[..12];
        return readable + "-" + hash;
    }

    public string MirrorDirectory(string normalizedRepo) => Path.Combine(MirrorsDirectory, FolderName(normalizedRepo));

    public string CheckoutParent(string normalizedRepo) => Path.Combine(CheckoutsDirectory, FolderName(normalizedRepo));
}
