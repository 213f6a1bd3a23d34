using System.Formats.Tar;
using System.IO.Compression;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>
/// Extracts a chart archive (.tgz) into an empty folder, refusing what could reach outside it or exhaust the disk:
/// an entry that is absolute or has a ".." segment, a link whose target leaves the folder, a device or FIFO, more
/// than the entry, file and total size limits (helm's own). Links that stay inside are made after every file is
/// written, so no write can pass through one.
/// </summary>
internal static class ChartArchive
{
    /// <summary>Extracts and returns the chart's folder name (the top folder holding Chart.yaml, as `helm package` writes it).</summary>
    public static string Extract(Stream compressed, string destination, ChartSourceOptions limits, string archiveName)
    {
        try
        {
            return ExtractEntries(compressed, destination, limits, archiveName);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or RenderException)
        {
            throw Refused(archiveName, $"not a readable gzip tar archive within the limits ({ex.Message})", ex);
        }
    }

    /// <summary>The entry's path inside the folder ('/'-separated, no "." segments), or null for the folder itself; throws for one that leaves it.</summary>
    internal static string? SafeRelativePath(string entryName, string archiveName)
    {
        var name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || Path.IsPathRooted(name) || (name.Length >= 2 && name[1] == ':'))
        {
            throw Refused(archiveName, $"entry \"{entryName}\" is an absolute path");
        }

        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw Refused(archiveName, $"entry \"{entryName}\" leaves the chart folder");
        }

        return segments.Length == 0 ? null : string.Join('/', segments);
    }

    /// <summary>A link's target relative to the folder, or a refusal when it is absolute or climbs out of it.</summary>
    internal static string SafeLinkTarget(string entryPath, string linkName, bool hardLink, string archiveName)
    {
        var target = linkName.Replace('\\', '/');
        if (target.StartsWith('/') || Path.IsPathRooted(target))
        {
            throw Refused(archiveName, $"link \"{entryPath}\" points to the absolute path \"{linkName}\", outside the chart folder");
        }

        // A symlink's target is relative to the link's folder, a hard link's to the archive root.
        var parts = hardLink ? new List<string>() : entryPath.Split('/').SkipLast(1).ToList();
        foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    throw Refused(archiveName, $"link \"{entryPath}\" points to \"{linkName}\", outside the chart folder");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        return string.Join('/', parts);
    }

    private static string ExtractEntries(Stream compressed, string destination, ChartSourceOptions limits, string archiveName)
    {
        Directory.CreateDirectory(destination);
        var root = Path.GetFullPath(destination);
        var symlinks = new List<(string Path, string LinkName)>();
        var hardLinks = new List<(string Path, string Target)>();
        var files = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var limited = new ReadLimitStream(gzip, limits.MaxExtractedBytes, archiveName);
        using var reader = new TarReader(limited);
        while (reader.GetNextEntry() is { } entry)
        {
            if (++entries > limits.MaxArchiveEntries)
            {
                throw Refused(archiveName, $"more than {limits.MaxArchiveEntries} entries");
            }

            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
            {
                continue;
            }

            if (SafeRelativePath(entry.Name, archiveName) is not { } relative)
            {
                continue;
            }

            var full = Path.Combine(root, relative);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(full);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    if (entry.Length > limits.MaxFileBytes)
                    {
                        throw Refused(archiveName, $"entry \"{entry.Name}\" is {entry.Length} bytes, more than {limits.MaxFileBytes} for one file");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    using (var output = new FileStream(full, FileMode.Create, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }

                    files.Add(relative);
                    break;
                case TarEntryType.SymbolicLink:
                    SafeLinkTarget(relative, entry.LinkName, hardLink: false, archiveName);
                    symlinks.Add((relative, entry.LinkName));
                    break;
                case TarEntryType.HardLink:
                    hardLinks.Add((relative, SafeLinkTarget(relative, entry.LinkName, hardLink: true, archiveName)));
                    break;
                default:
                    throw Refused(archiveName, $"entry \"{entry.Name}\" is a {entry.EntryType}; a chart holds files and folders only");
            }
        }

        foreach (var (path, target) in hardLinks)
        {
            if (!files.Contains(target))
            {
                throw Refused(archiveName, $"hard link \"{path}\" names \"{target}\", which is no file of the archive");
            }

            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.Copy(Path.Combine(root, target), full, overwrite: true);
        }

        foreach (var (path, linkName) in symlinks)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.CreateSymbolicLink(full, linkName);
        }

        // Whatever the links resolve through (a link to a link), nothing may land outside.
        try
        {
            new GitOpsAgent.Git.RepositorySandbox(root).EnsureNoEscapingLinks();
        }
        catch (GitOpsAgent.Git.GitSourceException ex)
        {
            throw Refused(archiveName, ex.Message, ex);
        }

        return FindChartFolder(root, archiveName);
    }

    private static string FindChartFolder(string root, string archiveName)
    {
        var charts = Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "Chart.yaml"))).ToList();
        return charts.Count == 1
            ? Path.GetFileName(charts[0])
            : throw Refused(archiveName, charts.Count == 0 ? "no folder with a Chart.yaml at its top" : "more than one chart folder at its top");
    }

    private static ChartSourceException Refused(string archiveName, string why, Exception? inner = null) =>
        new(ChartFailureReason.InvalidArchive, $"chart archive {archiveName}: {why}", inner);
}
