using GitOpsAgent.TestSupport;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Rendering.Tests.Abuse;

/// <summary>
/// A repository author makes a renderer reach a URL (or a local file) of their choice: remote $ref in a chart's
/// values.schema.json, remote values files, kustomize remote bases, patches and helmCharts. No renderer may make a
/// request a repository chooses unless the Application allows it; each test proves no connection was made.
/// </summary>
public sealed class RemoteFetchTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly ConnectionCounter _server = new();

    public void Dispose()
    {
        _repo.Dispose();
        _server.Dispose();
    }

    private static void RequireHelm()
    {
        if (ToolLocator.Find(null, "helm") is null)
        {
            Assert.Skip("helm is not on PATH (eng/install-helm.sh puts it in .tools/bin)");
        }
    }

    private static void RequireKustomize()
    {
        if (ToolLocator.Find(null, "kustomize") is null && ToolLocator.Find(null, "kubectl") is null)
        {
            Assert.Skip("neither kustomize nor kubectl is on PATH");
        }
    }

    private static string Chart(string name) => $"apiVersion: v2\nname: {name}\nversion: 0.1.0\n";

    private static string SchemaWithRef(string reference) =>
        """{"type": "object", "properties": {"replicas": {"$ref": """ + "\"" + reference + "\"}}}";

    private void WriteChart(string chart, string? schema = null)
    {
        _repo.Write($"{chart}/Chart.yaml", Chart("demo"));
        _repo.Write($"{chart}/values.yaml", "replicas: 1\n");
        _repo.Write($"{chart}/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        if (schema is not null)
        {
            _repo.Write($"{chart}/values.schema.json", schema);
        }
    }

    private Task<RenderResult> RenderAsync(string path, ApplicationSource? source = null) =>
        new ManifestRenderer().RenderAsync(new RenderRequest(_repo.Path, path, source ?? new ApplicationSource(), "web"), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    private static ApplicationSource AllowingSchemaReferences() => new() { Helm = new HelmSource { AllowRemoteSchemaReferences = true } };

    [Fact]
    public async Task RenderAsync_ChartSchemaWithHttpRef_IsRefusedWithoutHelmConnecting()
    {
        RequireHelm();
        WriteChart("chart", SchemaWithRef(_server.Url("schema.json")));

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        Assert.Equal(RenderFailureReason.HelmFailed, ex.Reason);
        Assert.Contains("chart/values.schema.json: $ref \"" + _server.Url("schema.json") + "\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowRemoteSchemaReferences", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_ChartSchemaWithHttpRefAllowedByTheApplication_LetsHelmFetchIt()
    {
        // Shows the listener sees helm's fetch, so the zero counts above mean something.
        RequireHelm();
        WriteChart("chart", SchemaWithRef(_server.Url("schema.json")));

        await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", AllowingSchemaReferences()));

        Assert.True(_server.Connections > 0, "helm should have fetched the schema reference");
    }

    [Theory]
    [InlineData("file:///var/run/secrets/kubernetes.io/serviceaccount/token")]
    [InlineData("/etc/passwd")]
    [InlineData("../../outside.json")]
    [InlineData("https://schemas.example.com/replicas.json#/definitions/count")]
    public async Task RenderAsync_ChartSchemaRefToAFileOrUrl_IsRefused(string reference)
    {
        WriteChart("chart", SchemaWithRef(reference));

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", new ApplicationSource { Renderer = "Helm" }));

        Assert.Equal(RenderFailureReason.HelmFailed, ex.Reason);
        Assert.Contains($"$ref \"{reference}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_ChartSchemaWithUnknownMetaSchema_IsRefused()
    {
        WriteChart("chart", $$"""{"$schema": "{{_server.Url("meta.json")}}", "type": "object"}""");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", new ApplicationSource { Renderer = "Helm" }));

        Assert.Contains("$schema", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_ChartSchemaWithLocalRefsAndAStandardDraft_Renders()
    {
        RequireHelm();
        WriteChart("chart", """
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "definitions": {"count": {"type": "integer"}},
             "properties": {"replicas": {"$ref": "#/definitions/count"}}}
            """);

        var result = await RenderAsync("chart");

        Assert.Single(result.Objects);
    }

    [Fact]
    public async Task RenderAsync_SubchartDirectorySchemaWithHttpRef_IsRefusedWithoutHelmConnecting()
    {
        RequireHelm();
        WriteChart("chart");
        WriteChart("chart/charts/sub", SchemaWithRef(_server.Url("sub.json")));

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        Assert.Contains("chart/charts/sub/values.schema.json", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_PackagedSubchartNestedTwoArchivesDeepWithHttpRef_IsRefusedWithoutHelmConnecting()
    {
        RequireHelm();
        WriteChart("chart");
        var inner = Archive(("inner/Chart.yaml", Chart("inner")), ("inner/values.schema.json", SchemaWithRef(_server.Url("inner.json"))));
        var outer = Archive(("outer/Chart.yaml", Chart("outer")), ("outer/charts/inner-0.1.0.tgz", inner));
        Directory.CreateDirectory(Path.Combine(_repo.Path, "chart", "charts"));
        File.WriteAllBytes(Path.Combine(_repo.Path, "chart", "charts", "outer-0.1.0.tgz"), outer);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        Assert.Contains("chart/charts/outer-0.1.0.tgz:outer/charts/inner-0.1.0.tgz:inner/values.schema.json", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_ChartDependencyOnARemoteRepository_IsNotFetched()
    {
        // helm template never downloads dependencies (no --dependency-update): a missing one is an error, not a request.
        RequireHelm();
        WriteChart("chart");
        _repo.Write("chart/Chart.yaml", Chart("demo") + $"dependencies:\n- name: dep\n  version: 1.0.0\n  repository: {_server.Url("charts")}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        Assert.Equal(RenderFailureReason.HelmFailed, ex.Reason);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_RemoteValuesFile_IsRefusedWithoutHelmConnecting()
    {
        WriteChart("chart");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", new ApplicationSource { Helm = new HelmSource { ValuesFiles = [_server.Url("values.yaml")] } }));

        Assert.Contains("is remote", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Theory]
    [InlineData("resources:\n- {0}\n")]
    [InlineData("resources:\n- cm.yaml\npatches:\n- path: {0}\n")]
    [InlineData("resources:\n- cm.yaml\nconfigMapGenerator:\n- name: g\n  files:\n  - key={0}\n")]
    [InlineData("resources:\n- cm.yaml\npatchesStrategicMerge:\n- {0}\n")]
    public async Task RenderAsync_KustomizationReferencingAUrl_IsRefusedWithoutKustomizeConnecting(string kustomization)
    {
        RequireKustomize();
        _repo.Write("app/cm.yaml", RenderInputs.ConfigMap("cm"));
        _repo.Write("app/kustomization.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, kustomization, _server.Url("base.yaml")));

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.KustomizeFailed, ex.Reason);
        Assert.Contains("app/kustomization.yaml: remote", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_KustomizationHelmChartsGenerator_IsRefusedWithoutPullingTheChart()
    {
        RequireKustomize();
        _repo.Write("app/kustomization.yaml", $"helmCharts:\n- name: demo\n  repo: {_server.Url("charts")}\n  version: 1.0.0\n  releaseName: demo\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.KustomizeFailed, ex.Reason);
        Assert.Contains("app/kustomization.yaml: helmCharts is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Connections);
    }

    [Fact]
    public async Task RenderAsync_KustomizePatchFileOutsideTheRepository_IsRefused()
    {
        _repo.Write("app/cm.yaml", RenderInputs.ConfigMap("cm"));
        _repo.Write("app/kustomization.yaml", "resources:\n- cm.yaml\npatches:\n- path: ../../../../etc/passwd\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains("app/kustomization.yaml: patches path entry", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Archive(params (string Name, object Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, content) in files)
            {
                var bytes = content as byte[] ?? Encoding.UTF8.GetBytes((string)content);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            }
        }

        return buffer.ToArray();
    }
}
