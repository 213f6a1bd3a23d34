using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>
/// The list types the server merges by: Core's <see cref="ListTypeTable"/> (built-in kinds) plus the markers of every
/// CRD created here. Lists it does not know are atomic, as in server-side apply.
/// </summary>
public sealed class ListTypes : IListTypes
{
    private readonly Lock _gate = new();
    private ListTypeTable _table = ListTypeTable.Builtin;

    public ListSchema ForPath(string group, string kind, string path)
    {
        lock (_gate)
        {
            return _table.ForPath(group, kind, path);
        }
    }

    public void AddCustomResourceDefinition(JsonObject crd)
    {
        lock (_gate)
        {
            _table = _table.WithCustomResourceDefinition(crd);
        }
    }
}
