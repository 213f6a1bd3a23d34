using System.Security.Cryptography;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering.Inputs;

/// <summary>
/// Whether an Application's inputs differ between two checkouts. <see cref="ChangedInputs"/> lists the input paths
/// that were added, removed or edited; <see cref="Unreadable"/> says why the inputs of a revision could not be read
/// (then the Application counts as affected, and its render will say what is wrong).
/// </summary>
public sealed record InputComparison(IReadOnlyList<string> ChangedInputs, string? Unreadable)
{
    public bool Affected => ChangedInputs.Count > 0 || Unreadable is not null;
}

/// <summary>Compares the inputs of one Application (the union of both revisions') file by file between two checkouts.</summary>
public static class InputChanges
{
    public static InputComparison Compare(string baseRoot, string headRoot, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ApplicationInputs baseInputs, headInputs;
        try
        {
            baseInputs = InputCollector.Collect(baseRoot, source);
        }
        catch (RenderException ex)
        {
            return new InputComparison([], $"base: {ex.Message}");
        }

        try
        {
            headInputs = InputCollector.Collect(headRoot, source);
        }
        catch (RenderException ex)
        {
            return new InputComparison([], $"head: {ex.Message}");
        }

        var inputs = baseInputs.Union(headInputs);
        var before = Fingerprints(baseRoot, inputs);
        var after = Fingerprints(headRoot, inputs);
        var changed = before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Where(path => before.GetValueOrDefault(path) != after.GetValueOrDefault(path))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new InputComparison(changed, null);
    }

    /// <summary>
    /// A fingerprint per input path that exists in the checkout: a file's SHA-256, a symlink's target text (where it
    /// leads is an input of its own). Trees are walked without following links; ".git" is skipped.
    /// </summary>
    private static Dictionary<string, string> Fingerprints(string root, ApplicationInputs inputs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in inputs.Files)
        {
            Add(Path.Combine(root, file), file, result);
        }

        foreach (var tree in inputs.Trees)
        {
            Walk(root, tree, result);
        }

        return result;
    }

    private static void Walk(string root, string relativeDirectory, Dictionary<string, string> result)
    {
        var pending = new Stack<string>([relativeDirectory]);
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            var full = relative.Length == 0 ? root : Path.Combine(root, relative);
            var info = new DirectoryInfo(full);
            if (info.LinkTarget is not null || !info.Exists)
            {
                Add(full, relative, result);
                continue;
            }

            foreach (var entry in info.EnumerateFileSystemInfos())
            {
                if (entry.Name == ".git")
                {
                    continue;
                }

                var entryRelative = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    pending.Push(entryRelative);
                }
                else
                {
                    Add(entry.FullName, entryRelative, result);
                }
            }
        }
    }

    private static void Add(string fullPath, string relative, Dictionary<string, string> result)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is { } target)
        {
            result[relative] = "link:" + target;
        }
        else if (info.Exists)
        {
            using var stream = info.OpenRead();
            result[relative] = Convert.ToHexString(SHA256.HashData(stream));
        }
        else if (Directory.Exists(fullPath))
        {
            result[relative] = "directory";
        }
    }
}
