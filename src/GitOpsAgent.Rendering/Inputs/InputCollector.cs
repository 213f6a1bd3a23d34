using GitOpsAgent.Core.Applications;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering.Inputs;

/// <summary>
/// Finds an Application's inputs in one checkout from the files themselves, never from annotations: its path, and for
/// Kustomize every base, component, resource, patch, generator file and env file reached from it; for Helm the chart
/// directory and the values files; for plain YAML the manifest files the renderer would read. Every path is resolved
/// through the repository sandbox, so a reference that leaves the repository fails as it would in a render.
/// </summary>
public static class InputCollector
{
    /// <summary>The inputs of <paramref name="source"/> in the checkout at <paramref name="repositoryRoot"/>.</summary>
    /// <exception cref="RenderException">A reference leaves the repository, or a kustomization does not parse.</exception>
    public static ApplicationInputs Collect(string repositoryRoot, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            var paths = new RepositorySandbox(repositoryRoot);
            var relativePath = string.IsNullOrEmpty(source.Path) ? "." : source.Path;
            var directory = paths.Resolve(paths.Root, relativePath, "path");
            if (!Directory.Exists(directory))
            {
                // Nothing to read yet: anything that appears under the path is an input.
                return new ApplicationInputs([], [paths.Relative(directory)]);
            }

            var collected = new Collected(paths);
            switch (RendererDetection.Detect(directory, source))
            {
                case RendererKind.Kustomize:
                    AddKustomization(collected, directory, new HashSet<string>(StringComparer.Ordinal));
                    break;
                case RendererKind.Helm:
                    AddHelm(collected, directory, source.Helm);
                    break;
                default:
                    foreach (var file in PlainDirectoryRenderer.SelectFiles(paths, directory, source.Directory))
                    {
                        collected.AddFile(file);
                    }

                    break;
            }

            return new ApplicationInputs(collected.Files, collected.Trees);
        }
        catch (GitSourceException ex) when (ex.Reason == GitFailureReason.InvalidPath)
        {
            throw new RenderException(RenderFailureReason.PathOutsideRepository, ex.Message, ex);
        }
    }

    private static void AddKustomization(Collected collected, string directory, HashSet<string> visited)
    {
        if (!visited.Add(RepositorySandbox.RealPath(directory)))
        {
            return;
        }

        // A directory without a kustomization file fails in kustomize; adding one is the change that matters.
        foreach (var name in RendererDetection.KustomizationFileNames)
        {
            collected.AddFile(Path.Combine(directory, name));
        }

        if (KustomizationReferences.Read(collected.Paths, directory) is not { } kustomization)
        {
            return;
        }

        foreach (var reference in kustomization.References.Where(r => !KustomizationReferenceCheck.IsRemote(r.Value)))
        {
            var target = collected.Paths.Resolve(directory, reference.Value, $"{kustomization.RelativePath}: {reference.Field} entry");
            if (Directory.Exists(target))
            {
                if (reference.MayBeKustomization)
                {
                    AddKustomization(collected, target, visited);
                }
                else
                {
                    collected.AddTree(target);
                }
            }
            else
            {
                collected.AddFile(target);
            }
        }
    }

    private static void AddHelm(Collected collected, string chartDirectory, HelmSource? helm)
    {
        collected.AddTree(chartDirectory);
        foreach (var valuesFile in (helm?.ValuesFiles ?? []).Where(v => !KustomizationReferenceCheck.IsRemote(v)))
        {
            collected.AddFile(collected.Paths.Resolve(chartDirectory, valuesFile, "values file"));
        }
    }

    /// <summary>Paths gathered so far, each also added where its symlinks lead.</summary>
    private sealed class Collected(RepositorySandbox paths)
    {
        public RepositorySandbox Paths { get; } = paths;

        public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Trees { get; } = new(StringComparer.Ordinal);

        public void AddFile(string fullPath)
        {
            Paths.EnsureInside(fullPath, "file");
            Files.Add(Paths.Relative(fullPath));
            Files.Add(Paths.Relative(RepositorySandbox.RealPath(fullPath)));
        }

        /// <summary>A tree, and every in-repository directory a symlink inside it leads to (helm follows them).</summary>
        public void AddTree(string directory)
        {
            var pending = new Stack<string>([directory]);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                Paths.EnsureInside(current, "directory");
                var real = RepositorySandbox.RealPath(current);
                if (!seen.Add(real))
                {
                    continue;
                }

                Trees.Add(Paths.Relative(current));
                Trees.Add(Paths.Relative(real));
                foreach (var entry in new DirectoryInfo(real).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                {
                    if (entry.LinkTarget is not null)
                    {
                        if (Directory.Exists(entry.FullName))
                        {
                            pending.Push(entry.FullName);
                        }
                        else
                        {
                            AddFile(entry.FullName);
                        }
                    }
                }
            }
        }
    }
}
