using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Configuration;

public class RedactionTests
{
    [Fact]
    public void ToString_ConfigurationWithEverySecret_ShowsNone()
    {
        var (certificate, key) = TestCertificates.CreateClientEc("user");
        var config = new KubernetesClientConfiguration
        {
            Server = new Uri("https://k8s.test"),
            Token = "token-secret-1",
            ClientCertificatePem = certificate,
            ClientKeyPem = key,
            Username = "admin",
            Password = "password-secret-2",
            Exec = new ExecCredentialConfig("client.authentication.k8s.io/v1", "aws", ["eks", "get-token"], new Dictionary<string, string> { ["AWS_SECRET"] = "env-secret-3" }),
        };

        var text = config.ToString();

        Assert.DoesNotContain("token-secret-1", text);
        Assert.DoesNotContain("password-secret-2", text);
        Assert.DoesNotContain("env-secret-3", text);
        Assert.DoesNotContain("PRIVATE KEY", text);
        Assert.DoesNotContain(key[40..80], text);
        Assert.Contains("https://k8s.test", text);
        Assert.Contains("[redacted]", text);
    }

    [Fact]
    public void ToString_ExecCredentialConfig_RedactsEnvValues()
    {
        var exec = new ExecCredentialConfig("v1", "gke-gcloud-auth-plugin", [], new Dictionary<string, string> { ["TOKEN"] = "env-secret" });

        Assert.DoesNotContain("env-secret", exec.ToString());
        Assert.Contains("TOKEN", exec.ToString());
    }

    [Fact]
    public void Load_InvalidClientKey_MessageDoesNotQuoteTheKey()
    {
        var config = new KubernetesClientConfiguration
        {
            Server = new Uri("https://k8s.test"),
            ClientCertificatePem = "-----BEGIN CERTIFICATE-----\nbm90LWEtY2VydA==\n-----END CERTIFICATE-----\n",
            ClientKeyPem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n",
            Source = "kubeconfig test",
        };

        var ex = Assert.Throws<KubernetesConfigException>(() => KubernetesHttpHandler.Create(config, new NoCredentials()));

        Assert.DoesNotContain("c2VjcmV0LWtleS1ieXRlcw", ex.ToString());
        Assert.Contains("kubeconfig test", ex.Message);
    }
}
