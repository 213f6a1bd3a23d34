using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Previews;

/// <summary>Reads the live objects a preview compares the head with.</summary>
public interface ILiveObjectSource
{
    /// <summary>The live counterpart of each desired object that exists, and every object the Application tracks among the kinds it uses.</summary>
    Task<IReadOnlyList<JsonObject>> ReadAsync(Application app, IReadOnlyList<JsonObject> desired, CancellationToken ct);
}
