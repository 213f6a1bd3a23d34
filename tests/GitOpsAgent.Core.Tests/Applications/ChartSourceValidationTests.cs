using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Tests.Applications;

public sealed class ChartSourceValidationTests
{
    private static ApplicationSpec Chart(Action<ApplicationSpec>? edit = null)
    {
        var spec = new ApplicationSpec
        {
            Source = new ApplicationSource { RepoURL = "https://charts.example.com", Chart = "ingress-nginx", TargetRevision = "4.11.x", Path = "." },
        };
        edit?.Invoke(spec);
        return spec;
    }

    private static ValuesSource Values() => new() { RepoURL = "https://git.example.com/config.git", TargetRevision = "main" };

    [Theory]
    [InlineData("https://charts.example.com", "4.11.x")]
    [InlineData("http://127.0.0.1:8080/charts", ">=1.2 <2")]
    [InlineData("oci://registry.example.com/charts", "1.2.3")]
    [InlineData("oci://registry.example.com/charts", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("https://charts.example.com", "HEAD")]
    [InlineData("https://charts.example.com", null)]
    [InlineData("https://charts.example.com", ">=1.2, <2")]
    public void Validate_ChartSource_HasNoProblems(string repoUrl, string? targetRevision) =>
        Assert.Empty(ApplicationSpecValidator.Validate(Chart(s => { s.Source.RepoURL = repoUrl; s.Source.TargetRevision = targetRevision; }), "shop"));

    [Fact]
    public void Validate_ValuesFromGit_HasNoProblems() =>
        Assert.Empty(ApplicationSpecValidator.Validate(Chart(s =>
        {
            s.ValuesSource = Values();
            s.Source.Helm = new HelmSource { ValuesFiles = ["values-extra.yaml", "$values/ingress/prod.yaml"] };
        }), "shop"));

    [Theory]
    [InlineData("scheme", "spec.source.repoURL \"git@github.com:org/charts.git\" must be a chart repository (https:// or http://) or an OCI registry (oci://) when spec.source.chart is set")]
    [InlineData("name", "spec.source.chart \"../etc\" is not a chart name (no '/', '..', spaces, or leading '-'; for OCI put the path in repoURL)")]
    [InlineData("range", "spec.source.targetRevision \"4.x.banana\" is neither a version nor a semver range (examples: 4.11.2, 4.11.x, >=1.2 <2, ^1.2, ~1.2.3)")]
    [InlineData("digest-repo", "spec.source.targetRevision \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\" is a digest, which only an OCI registry (oci://) can serve; name a version or range")]
    [InlineData("digest-short", "spec.source.targetRevision \"sha256:abc\" is not a digest: sha256: and 64 lowercase hex digits")]
    [InlineData("path", "spec.source.path \"charts/ingress\" is not used with spec.source.chart (the chart is the whole source); leave it out")]
    [InlineData("renderer", "spec.source.renderer \"Kustomize\" cannot render a chart; use Helm or Auto")]
    [InlineData("values-without-source", "spec.source.helm.valuesFiles \"$values/prod.yaml\" names $values/ but spec.valuesSource is not set")]
    [InlineData("values-leave", "spec.source.helm.valuesFiles \"$values/../../etc/passwd\" leaves the values repository: give a path inside it, without '..' or a leading '/'")]
    [InlineData("values-absolute", "spec.source.helm.valuesFiles \"$values//etc/passwd\" leaves the values repository: give a path inside it, without '..' or a leading '/'")]
    [InlineData("values-unused", "spec.valuesSource is set but no spec.source.helm.valuesFiles entry starts with \"$values/\"")]
    [InlineData("values-credentials", "spec.valuesSource.credentialsSecretRef must name a Secret in the Application's namespace \"shop\", not \"kube-system\"")]
    [InlineData("oci-without-chart", "spec.source.repoURL \"oci://registry.example.com/charts\" is an OCI registry: set spec.source.chart to the chart's name")]
    [InlineData("values-source-for-git", "spec.valuesSource is only for a chart source (spec.source.chart); a chart in Git reads values files from its own repository")]
    public void Validate_BadChartField_NamesTheFieldAndValue(string what, string expected)
    {
        var spec = Chart(s =>
        {
            switch (what)
            {
                case "scheme": s.Source.RepoURL = "git@github.com:org/charts.git"; break;
                case "name": s.Source.Chart = "../etc"; break;
                case "range": s.Source.TargetRevision = "4.x.banana"; break;
                case "digest-repo": s.Source.TargetRevision = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; break;
                case "digest-short": s.Source.RepoURL = "oci://r.example.com/c"; s.Source.TargetRevision = "sha256:abc"; break;
                case "path": s.Source.Path = "charts/ingress"; break;
                case "renderer": s.Source.Renderer = "Kustomize"; break;
                case "values-without-source": s.Source.Helm = new HelmSource { ValuesFiles = ["$values/prod.yaml"] }; break;
                case "values-leave": s.ValuesSource = Values(); s.Source.Helm = new HelmSource { ValuesFiles = ["$values/../../etc/passwd"] }; break;
                case "values-absolute": s.ValuesSource = Values(); s.Source.Helm = new HelmSource { ValuesFiles = ["$values//etc/passwd"] }; break;
                case "values-unused": s.ValuesSource = Values(); break;
                case "values-credentials":
                    s.ValuesSource = Values();
                    s.ValuesSource.CredentialsSecretRef = new SecretReference { Name = "git", Namespace = "kube-system" };
                    s.Source.Helm = new HelmSource { ValuesFiles = ["$values/a.yaml"] };
                    break;
                case "oci-without-chart": s.Source.Chart = null; s.Source.RepoURL = "oci://registry.example.com/charts"; s.Source.TargetRevision = null; break;
                case "values-source-for-git": s.Source.Chart = null; s.Source.TargetRevision = "main"; s.ValuesSource = Values(); break;
            }
        });

        Assert.Equal([expected], ApplicationSpecValidator.Validate(spec, "shop"));
    }
}
