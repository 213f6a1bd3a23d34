using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>
/// A mutable set of field paths in managedFields' fieldsV1 notation ("f:spec", "k:{\"name\":\"web\"}", "v:\"x\"", "i:0").
/// A node is a member when the path ending at it is in the set ("." in fieldsV1, or a leaf "{}").
/// </summary>
public sealed class FieldTrie
{
    private readonly SortedDictionary<string, FieldTrie> _children = new(StringComparer.Ordinal);

    public bool Member { get; set; }

    public IReadOnlyDictionary<string, FieldTrie> Children => _children;

    public bool IsEmpty => !Member && _children.Values.All(c => c.IsEmpty);

    public FieldTrie Child(string element)
    {
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldTrie();
            _children[element] = child;
        }

        return child;
    }

    public static FieldTrie FromFieldsV1(JsonObject? fieldsV1)
    {
        var trie = new FieldTrie();
        foreach (var (key, value) in fieldsV1 ?? [])
        {
            if (key == ".")
            {
                trie.Member = true;
                continue;
            }

            var child = FromFieldsV1(value as JsonObject);
            if (child._children.Count == 0)
            {
                child.Member = true;
            }

            trie._children[key] = child;
        }

        return trie;
    }

    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (Member && _children.Values.Any(c => !c.IsEmpty))
        {
            result["."] = new JsonObject();
        }

        foreach (var (key, child) in _children)
        {
            if (!child.IsEmpty)
            {
                result[key] = child.ToFieldsV1();
            }
        }

        return result;
    }

    public void Add(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
        }

        node.Member = true;
    }

    public void Remove(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node))
            {
                return;
            }
        }

        node.Member = false;
    }

    public bool Contains(IReadOnlyList<string> path) => Find(path)?.Member == true;

    /// <summary>True when the path or anything below it is a member.</summary>
    public bool ContainsAnyUnder(IReadOnlyList<string> path) => Find(path) is { IsEmpty: false };

    public FieldTrie? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Every member path, parents before children.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths() => PathsFrom([]);

    private IEnumerable<IReadOnlyList<string>> PathsFrom(List<string> prefix)
    {
        if (Member)
        {
            yield return prefix.ToArray();
        }

        foreach (var (key, child) in _children)
        {
            prefix.Add(key);
            foreach (var path in child.PathsFrom(prefix))
            {
                yield return path;
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    public FieldTrie Clone() => FromPaths(Paths());

    public static FieldTrie FromPaths(IEnumerable<IReadOnlyList<string>> paths)
    {
        var trie = new FieldTrie();
        foreach (var path in paths)
        {
            trie.Add(path);
        }

        return trie;
    }

    public bool SameAs(FieldTrie other) => JsonNode.DeepEquals(ToFieldsV1(), other.ToFieldsV1());
}
