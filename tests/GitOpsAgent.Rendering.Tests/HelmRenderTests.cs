using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

public class HelmRenderTests
{
    private const string FixedOutput = """
        ---
        # Source: guestbook/templates/svc.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: guestbook
        ---
        # Source: guestbook/templates/deploy.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: guestbook
        """;

    /// <summary>A stand-in for helm that records its arguments (and the inline values file) and prints fixed YAML.</summary>
    private static string WriteRecordingHelm(TempDirectory tools, string output = FixedOutput, int exitCode = 0, string stderr = "")
    {
        var args = Path.Combine(tools.Path, "args.txt");
        var values = Path.Combine(tools.Path, "inline-values.yaml");
        return tools.WriteScript("helm", $$"""
            prev=""
            for a in "$@"; do
              printf '%s\n' "$a" >> '{{args}}'
              if [ "$prev" = "--values" ]; then cp "$a" '{{values}}'; fi
              prev="$a"
            done
            cat <<'YAML'
            {{output}}
            YAML
            printf '%s' '{{stderr}}' >&2
            exit {{exitCode}}

            """);
    }

    private static void WriteChart(TempDirectory repo)
    {
        repo.Write("charts/guestbook/Chart.yaml", "apiVersion: v2\nname: guestbook\nversion: 0.1.0\n");
        repo.Write("charts/guestbook/values.yaml", "replicas: 1\n");
        repo.Write("charts/guestbook/values-prod.yaml", "replicas: 3\n");
        repo.Write("env/common.yaml", "team: a\n");
    }

    private static Task<RenderResult> RenderAsync(TempDirectory repo, string helmPath, HelmSource? helm, string? ns = "web", RenderRequest? template = null)
    {
        var request = (template ?? new RenderRequest(repo.Path, "charts/guestbook", new ApplicationSource { Helm = helm }, ns)) with { };
        return new ManifestRenderer(new ManifestRendererOptions { HelmPath = helmPath })
            .RenderAsync(request, BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RenderAsync_Chart_PassesReleaseNamespaceValuesAndParametersToHelmTemplate()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools);
        var chart = Path.Combine(repo.Path, "charts", "guestbook");
        var request = new RenderRequest(
            repo.Path,
            "charts/guestbook",
            new ApplicationSource
            {
                Helm = new HelmSource
                {
                    ReleaseName = "gb",
                    ValuesFiles = ["values-prod.yaml", "../../env/common.yaml"],
                    Values = "image:\n  tag: v2\n",
                    Parameters = [new HelmParameter { Name = "replicas", Value = "5" }, new HelmParameter { Name = "list", Value = "a,b", ForceString = true }],
                },
            },
            "web") { HelmApiVersions = ["monitoring.coreos.com/v1"] };

        var result = await RenderAsync(repo, helm, null, template: request);

        var args = File.ReadAllLines(Path.Combine(tools.Path, "args.txt"));
        var inlineValuesPath = args[Array.IndexOf(args, "--values") + 1];
        Assert.Equal(
            [
                "template", "gb", chart, "--namespace", "web",
                "-f", Path.Combine(chart, "values-prod.yaml"), "-f", Path.Combine(repo.Path, "env", "common.yaml"),
                "--values", inlineValuesPath,
                "--set", "replicas=5", "--set-string", "list=a\\,b",
                "--api-versions", "monitoring.coreos.com/v1",
                "--include-crds",
            ],
            args);
        Assert.Equal("image:\n  tag: v2\n", File.ReadAllText(Path.Combine(tools.Path, "inline-values.yaml")));
        Assert.False(File.Exists(inlineValuesPath), "the inline values file is deleted after the render");
        Assert.Equal("helm", result.Renderer);
        Assert.Equal(["Service web/guestbook", "Deployment.apps web/guestbook"], result.Objects.Select(m => m.Key.ToString()));
        Assert.Equal("guestbook/templates/svc.yaml", result.Objects[0].Source.File);
    }

    [Fact]
    public async Task RenderAsync_NoReleaseNameOrNamespace_UsesTheApplicationNameAndNoNamespaceFlag()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools);
        var request = new RenderRequest(repo.Path, "charts/guestbook", new ApplicationSource(), null) { ApplicationName = "My_App" };

        await RenderAsync(repo, helm, null, template: request);

        var args = File.ReadAllLines(Path.Combine(tools.Path, "args.txt"));
        Assert.Equal(["template", "my-app", Path.Combine(repo.Path, "charts", "guestbook"), "--include-crds"], args);
    }

    [Fact]
    public async Task RenderAsync_NoReleaseNameAndNoApplicationName_UsesTheChartDirectoryName()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools);

        await RenderAsync(repo, helm, new HelmSource());

        Assert.Equal("guestbook", File.ReadAllLines(Path.Combine(tools.Path, "args.txt"))[1]);
    }

    [Fact]
    public async Task RenderAsync_ValuesFileOutsideTheRepository_IsRefused()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, helm, new HelmSource { ValuesFiles = ["../../../etc/passwd"] }));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.False(File.Exists(Path.Combine(tools.Path, "args.txt")), "helm must not run");
    }

    [Fact]
    public async Task RenderAsync_MissingValuesFile_FailsWithPathNotFound()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, helm, new HelmSource { ValuesFiles = ["values-missing.yaml"] }));

        Assert.Equal(RenderFailureReason.PathNotFound, ex.Reason);
        Assert.Contains("charts/guestbook/values-missing.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmFails_ReportsStderrButNotParameterValues()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);
        var helm = WriteRecordingHelm(tools, output: "", exitCode: 1, stderr: "Error: template: guestbook/templates/x.yaml:3: bad");

        var ex = await Assert.ThrowsAsync<RenderException>(
            () => RenderAsync(repo, helm, new HelmSource { Parameters = [new HelmParameter { Name = "password", Value = "s3cr3t-value" }] }));

        Assert.Equal(RenderFailureReason.HelmFailed, ex.Reason);
        Assert.Contains("guestbook/templates/x.yaml:3: bad", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmMissing_FailsWithHelmNotAvailable()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, Path.Combine(repo.Path, "no-such-helm"), new HelmSource()));

        Assert.Equal(RenderFailureReason.HelmNotAvailable, ex.Reason);
        Assert.Contains("helm is not installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmNotOnPath_FailsWithHelmNotAvailable()
    {
        if (ToolLocator.Find(null, "helm") is not null)
        {
            Assert.Skip("helm is on PATH here, so it is available");
        }

        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteChart(repo);

        var ex = await Assert.ThrowsAsync<RenderException>(() => new ManifestRenderer().RenderAsync(
            new RenderRequest(repo.Path, "charts/guestbook", new ApplicationSource(), "web"), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken));

        Assert.Equal(RenderFailureReason.HelmNotAvailable, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_RealHelm_RendersTheChart()
    {
        var helm = ToolLocator.Find(null, "helm");
        if (helm is null)
        {
            Assert.Skip("helm is not on PATH");
        }

        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        repo.Write("chart/values.yaml", "greeting: hello\n");
        repo.Write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n");

        var result = await new ManifestRenderer().RenderAsync(
            new RenderRequest(repo.Path, "chart", new ApplicationSource { Helm = new HelmSource { ReleaseName = "demo", Parameters = [new HelmParameter { Name = "greeting", Value = "hi" }] } }, "web"),
            BuiltinResourceScope.Instance,
            TestContext.Current.CancellationToken);

        var cm = Assert.Single(result.Objects);
        Assert.Equal("ConfigMap web/demo-cm", cm.Key.ToString());
        Assert.Equal("hi", cm.Object.GetStringAt("data", "greeting"));
    }

    [Theory]
    [InlineData("a,b", "a\\,b")]
    [InlineData("{a,b}", "{a,b}")]
    [InlineData("a\\,b", "a\\,b")]
    [InlineData("plain", "plain")]
    public void EscapeSetValue_Commas_AreEscapedUnlessAList(string value, string expected)
    {
        Assert.Equal(expected, HelmArguments.EscapeSetValue(value));
    }
}
