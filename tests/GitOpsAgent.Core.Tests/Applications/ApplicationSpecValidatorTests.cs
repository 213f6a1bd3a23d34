using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Tests.Applications;

public sealed class ApplicationSpecValidatorTests
{
    private static ApplicationSpec Spec(Action<ApplicationSpec>? edit = null)
    {
        var spec = new ApplicationSpec { Source = new ApplicationSource { RepoURL = "https://git.example.com/config.git", Path = "apps/web" } };
        edit?.Invoke(spec);
        return spec;
    }

    [Fact]
    public void Validate_PlainSpec_HasNoProblems() =>
        Assert.Empty(ApplicationSpecValidator.Validate(Spec(), "shop"));

    [Theory]
    [InlineData("deployer")]
    [InlineData("team-a.deployer-2")]
    public void Validate_ServiceAccountName_IsFine(string name) =>
        Assert.Empty(ApplicationSpecValidator.Validate(Spec(s => s.ServiceAccountName = name), "shop"));

    [Fact]
    public void Validate_CredentialsInTheApplicationsNamespace_IsFine() =>
        Assert.Empty(ApplicationSpecValidator.Validate(Spec(s => s.Source.CredentialsSecretRef = new SecretReference { Name = "git", Namespace = "shop" }), "shop"));

    [Theory]
    [InlineData("credentialsSecretRef", "spec.source.credentialsSecretRef must name a Secret in the Application's namespace \"shop\", not \"kube-system\"")]
    [InlineData("repoURL-empty", "spec.source.repoURL is empty")]
    [InlineData("repoURL-option", "spec.source.repoURL \"--upload-pack=touch /tmp/x\" must not start with '-'")]
    [InlineData("renderer", "spec.source.renderer \"Jsonnet\" is not one of Auto, Plain, Kustomize, Helm")]
    [InlineData("deletionPolicy", "spec.deletionPolicy \"Cascade\" is not one of Orphan, Delete")]
    [InlineData("interval", "spec.syncPolicy.interval \"3 minutes\" is not a positive duration such as 30s, 3m or 1h30m")]
    [InlineData("limit", "spec.syncPolicy.retry.limit -1 must not be negative")]
    [InlineData("factor", "spec.syncPolicy.retry.backoff.factor 0.5 must be at least 1")]
    [InlineData("waveTimeout", "spec.syncPolicy.waveTimeout \"0s\" is not a positive duration such as 30s, 3m or 1h30m")]
    [InlineData("dependsOn", "spec.dependsOn[1].name is empty")]
    [InlineData("kubeConfig-name", "spec.destination.kubeConfig.secretRef.name \"\" is not a Secret name (lowercase letters, digits, '-' and '.', at most 253)")]
    [InlineData("kubeConfig-key", "spec.destination.kubeConfig.secretRef.key \"a/b\" is not a Secret data key (letters, digits, '-', '_' and '.')")]
    [InlineData("serviceAccountName", "spec.serviceAccountName \"x:kube-system:admin\" is not a ServiceAccount name (lowercase letters, digits, '-' and '.', at most 253)")]
    public void Validate_BadField_NamesTheFieldAndValue(string field, string expected)
    {
        var spec = Spec(s =>
        {
            switch (field)
            {
                case "credentialsSecretRef": s.Source.CredentialsSecretRef = new SecretReference { Name = "git", Namespace = "kube-system" }; break;
                case "repoURL-empty": s.Source.RepoURL = " "; break;
                case "repoURL-option": s.Source.RepoURL = "--upload-pack=touch /tmp/x"; break;
                case "renderer": s.Source.Renderer = "Jsonnet"; break;
                case "waveTimeout": s.SyncPolicy = new SyncPolicy { WaveTimeout = "0s" }; break;
                case "dependsOn": s.DependsOn = [new ApplicationReference { Name = "db" }, new ApplicationReference { Name = "" }]; break;
                case "deletionPolicy": s.DeletionPolicy = "Cascade"; break;
                case "interval": s.SyncPolicy = new SyncPolicy { Interval = "3 minutes" }; break;
                case "limit": s.SyncPolicy = new SyncPolicy { Retry = new RetryPolicy { Limit = -1 } }; break;
                case "factor": s.SyncPolicy = new SyncPolicy { Retry = new RetryPolicy { Backoff = new RetryBackoff { Factor = 0.5 } } }; break;
                case "serviceAccountName": s.ServiceAccountName = "x:kube-system:admin"; break;
                case "kubeConfig-name": s.Destination = new ApplicationDestination { KubeConfig = new KubeConfigReference { SecretRef = new KubeConfigSecretReference { Name = "" } } }; break;
                case "kubeConfig-key": s.Destination = new ApplicationDestination { KubeConfig = new KubeConfigReference { SecretRef = new KubeConfigSecretReference { Name = "east", Key = "a/b" } } }; break;
            }
        });

        Assert.Equal([expected], ApplicationSpecValidator.Validate(spec, "shop"));
    }

    [Theory]
    [InlineData(null, "value")]
    [InlineData("config", "config")]
    public void Validate_KubeConfigSecretInTheApplicationsNamespace_IsFine_AndTheKeyDefaultsToValue(string? key, string effective)
    {
        var reference = new KubeConfigSecretReference { Name = "east-cluster", Key = key };

        Assert.Empty(ApplicationSpecValidator.Validate(Spec(s => s.Destination = new ApplicationDestination { KubeConfig = new KubeConfigReference { SecretRef = reference } }), "shop"));
        Assert.Equal(effective, reference.EffectiveKey);
    }

    [Fact]
    public void Validate_SeveralProblems_NamesEach() =>
        Assert.Equal(2, ApplicationSpecValidator.Validate(Spec(s => { s.Source.Renderer = "X"; s.DeletionPolicy = "Y"; }), "shop").Count);
}
