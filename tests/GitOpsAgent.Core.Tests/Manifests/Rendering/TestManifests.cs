using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

internal static class TestManifests
{
    public static Manifest Make(string apiVersion, string kind, string name, string? ns = null, string file = "f.yaml", int line = 1, string? wave = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (wave is not null)
        {
            metadata["annotations"] = new JsonObject { ["gitopsagent.io/sync-wave"] = wave };
        }

        return new Manifest(new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata }, new ManifestSource(file, line));
    }
}
