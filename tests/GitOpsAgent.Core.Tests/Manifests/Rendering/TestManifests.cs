using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

internal static class TestManifests
{
    public static Manifest Make(string apiVersion, string kind, string name, string? ns = null, string file = "f.yaml", int line = 1, string? wave = null, string? hook = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        var annotations = new JsonObject();
        if (wave is not null)
        {
            annotations["gitopsagent.io/sync-wave"] = wave;
        }

        if (hook is not null)
        {
            annotations["gitopsagent.io/hook"] = hook;
        }

        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }

        return new Manifest(new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata }, new ManifestSource(file, line));
    }
}
