using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Fields;

/// <summary>
/// An immutable set of field paths, shaped as a trie exactly like managedFields' fieldsV1: a node is a member
/// ("." or a leaf {}) and/or has children.
/// </summary>
public sealed class FieldSet
{
    private const string SelfKey = ".";

    private FieldSet(bool isMember, ImmutableSortedDictionary<PathElement, FieldSet> children)
    {
        IsMember = isMember;
        Children = children;
    }

    public static FieldSet Empty { get; } = new(false, ImmutableSortedDictionary<PathElement, FieldSet>.Empty);

    internal static FieldSet Leaf { get; } = new(true, ImmutableSortedDictionary<PathElement, FieldSet>.Empty);

    /// <summary>This node itself is in the set.</summary>
    public bool IsMember { get; }

    public IReadOnlyDictionary<PathElement, FieldSet> Children { get; }

    public bool IsEmpty => !IsMember && Children.Count == 0;

    public static FieldSet FromFieldsV1(JsonObject fieldsV1)
    {
        if (fieldsV1.Count == 0)
        {
            return Leaf;
        }

        var member = false;
        var children = ImmutableSortedDictionary.CreateBuilder<PathElement, FieldSet>();
        foreach (var (key, value) in fieldsV1)
        {
            if (key == SelfKey)
            {
                member = true;
            }
            else
            {
                children[new PathElement(key)] = value is JsonObject child ? FromFieldsV1(child) : Leaf;
            }
        }

        return new FieldSet(member, children.ToImmutable());
    }

    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (IsMember && Children.Count > 0)
        {
            result[SelfKey] = new JsonObject();
        }

        foreach (var (element, child) in Children)
        {
            result[element.Raw] = child.ToFieldsV1();
        }

        return result;
    }

    /// <summary>The fields an applied configuration sets, the way server-side apply computes a manager's set.</summary>
    public static FieldSet FromObject(JsonObject obj, IListTypes listTypes) => FieldSetBuilder.FromAppliedObject(obj, listTypes);

    internal static FieldSet Create(bool isMember, IEnumerable<KeyValuePair<PathElement, FieldSet>> children)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<PathElement, FieldSet>();
        foreach (var (k, v) in children)
        {
            if (!v.IsEmpty)
            {
                builder[k] = v;
            }
        }

        return !isMember && builder.Count == 0 ? Empty : new FieldSet(isMember, builder.ToImmutable());
    }

    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        var children = Children.ToDictionary();
        foreach (var (k, v) in other.Children)
        {
            children[k] = children.TryGetValue(k, out var mine) ? mine.Union(v) : v;
        }

        return Create(IsMember || other.IsMember, children);
    }

    public FieldSet Difference(FieldSet other)
    {
        if (other.IsEmpty || IsEmpty) return this;
        var children = Children.Select(kv => new KeyValuePair<PathElement, FieldSet>(
            kv.Key, other.Children.TryGetValue(kv.Key, out var theirs) ? kv.Value.Difference(theirs) : kv.Value));
        return Create(IsMember && !other.IsMember, children);
    }

    /// <summary>
    /// The fields this set alone holds: server-side apply removes a field its manager drops only when no other manager
    /// owns it, and keeps a list item or map another manager owns anything in. So a node is a member here only when
    /// <paramref name="others"/> has nothing at or below it.
    /// </summary>
    public FieldSet Excluding(FieldSet others)
    {
        if (others.IsEmpty || IsEmpty) return this;
        var children = Children.Select(kv => new KeyValuePair<PathElement, FieldSet>(
            kv.Key, others.Children.TryGetValue(kv.Key, out var theirs) ? kv.Value.Excluding(theirs) : kv.Value));
        return Create(false, children);
    }

    public FieldSet Intersect(FieldSet other)
    {
        if (other.IsEmpty || IsEmpty) return Empty;
        var children = Children
            .Where(kv => other.Children.ContainsKey(kv.Key))
            .Select(kv => new KeyValuePair<PathElement, FieldSet>(kv.Key, kv.Value.Intersect(other.Children[kv.Key])));
        return Create(IsMember && other.IsMember, children);
    }

    /// <summary>The node at a path, or null when the set has nothing there.</summary>
    public FieldSet? Descend(IEnumerable<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.Children.TryGetValue(element, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The exact path is a member of the set.</summary>
    public bool ContainsPath(IReadOnlyList<PathElement> path) => Descend(path)?.IsMember == true;

    /// <summary>Every member path, parents before children.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths()
    {
        var stack = new Stack<(FieldSet Node, ImmutableList<PathElement> Path)>();
        stack.Push((this, ImmutableList<PathElement>.Empty));
        while (stack.Count > 0)
        {
            var (node, path) = stack.Pop();
            if (node.IsMember && path.Count > 0)
            {
                yield return path;
            }

            foreach (var (element, child) in node.Children.Reverse())
            {
                stack.Push((child, path.Add(element)));
            }
        }
    }

    public override string ToString() => ToFieldsV1().ToJsonString();
}
