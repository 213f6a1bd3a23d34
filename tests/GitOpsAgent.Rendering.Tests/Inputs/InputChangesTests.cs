using GitOpsAgent.Core.Applications;
using GitOpsAgent.Rendering.Inputs;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests.Inputs;

/// <summary>Two checkouts of one repository (base and head), as the preview and a monorepo commit compare them.</summary>
public sealed class InputChangesTests : IDisposable
{
    private readonly TempDirectory _base = new("gitopsagent-inputs-base");
    private readonly TempDirectory _head = new("gitopsagent-inputs-head");

    public InputChangesTests()
    {
        foreach (var checkout in new[] { _base, _head })
        {
            checkout.Write("base/kustomization.yaml", "resources:\n- deploy.yaml\n");
            checkout.Write("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
            checkout.Write("overlays/prod/kustomization.yaml", "resources:\n- ../../base\n");
            checkout.Write("plain/cm.yaml", RenderInputs.ConfigMap("plain"));
            checkout.Write("README.md", "hello");
        }
    }

    public void Dispose()
    {
        _base.Dispose();
        _head.Dispose();
    }

    [Fact]
    public void Compare_SameFiles_IsNotAffected()
    {
        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "overlays/prod" });

        Assert.False(comparison.Affected);
    }

    [Fact]
    public void Compare_EditInABaseTheOverlayReaches_AffectsTheOverlayButNotAnotherApplication()
    {
        _head.Write("base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {a: b}}\n");

        var overlay = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "overlays/prod" });
        var plain = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "plain" });

        Assert.Equal(["base/deploy.yaml"], overlay.ChangedInputs);
        Assert.False(plain.Affected);
    }

    [Fact]
    public void Compare_ManifestAddedToAPlainDirectory_IsAChangedInput_WhileADocumentIsNot()
    {
        _head.Write("plain/new.yaml", RenderInputs.ConfigMap("new"));
        _head.Write("plain/NOTES.md", "notes");
        _head.Write("README.md", "changed");

        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "plain" });

        Assert.Equal(["plain/new.yaml"], comparison.ChangedInputs);
    }

    [Fact]
    public void Compare_ManifestRemovedFromAPlainDirectory_IsAChangedInput()
    {
        File.Delete(Path.Combine(_head.Path, "plain/cm.yaml"));

        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "plain" });

        Assert.Equal(["plain/cm.yaml"], comparison.ChangedInputs);
    }

    [Fact]
    public void Compare_ResourceAddedToTheKustomization_ListsTheKustomizationAndTheNewFile()
    {
        _head.Write("overlays/prod/kustomization.yaml", "resources:\n- ../../base\n- extra.yaml\n");
        _head.Write("overlays/prod/extra.yaml", RenderInputs.ConfigMap("extra"));

        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "overlays/prod" });

        Assert.Equal(["overlays/prod/extra.yaml", "overlays/prod/kustomization.yaml"], comparison.ChangedInputs);
    }

    [Fact]
    public void Compare_KustomizationThatNoLongerParses_IsAffectedWithTheReason()
    {
        _head.Write("overlays/prod/kustomization.yaml", "resources: [../../base\n");

        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "overlays/prod" });

        Assert.True(comparison.Affected);
        Assert.StartsWith("head: overlays/prod/kustomization.yaml:", comparison.Unreadable, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_PathAddedAtHead_IsAffected()
    {
        _head.Write("apps/new/cm.yaml", RenderInputs.ConfigMap("new"));

        var comparison = InputChanges.Compare(_base.Path, _head.Path, new ApplicationSource { Path = "apps/new" });

        Assert.Equal(["apps/new/cm.yaml"], comparison.ChangedInputs);
    }
}
