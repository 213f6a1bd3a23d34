using System.Net;
using System.Security.Cryptography.X509Certificates;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class HttpsTests : ServerTestBase
{
    protected override TestApiServerOptions Options => new() { UseHttps = true };

    [Fact]
    public async Task UseHttps_ClientTrustingTheCertificate_Connects()
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.Thumbprint == Server.Certificate!.Thumbprint,
        };
        using var http = new HttpClient(handler) { BaseAddress = Server.BaseAddress };

        using var response = await http.GetAsync("/version", TestContext.Current.CancellationToken);

        Assert.Equal("https", Server.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UseHttps_Kubectl_TrustsTheKubeconfigAuthority()
    {
        if (Kubectl.FindOnPath() is null)
        {
            Assert.Skip("kubectl is not on PATH");
        }

        var dir = Directory.CreateTempSubdirectory("testapiserver-https-").FullName;
        try
        {
            var kubectl = new Kubectl(Server.WriteKubeconfig(Path.Combine(dir, "kubeconfig")), Path.Combine(dir, "cache"));

            var output = await kubectl.SucceedAsync("get", "namespaces", "-o", "name");

            Assert.Contains("namespace/default", output, StringComparison.Ordinal);
            Assert.Contains("certificate-authority-data:", await File.ReadAllTextAsync(Path.Combine(dir, "kubeconfig"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Certificate_CoversLoopback()
    {
        var names = Server.Certificate!.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
    }
}
