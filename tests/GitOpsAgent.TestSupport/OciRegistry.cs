using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.TestSupport;

/// <summary>
/// A real OCI registry for tests: Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1 and a free
/// port. Plain HTTP: helm (like containerd) speaks plain HTTP to a registry on a loopback address whatever it is
/// told, and so does the controller. Killed on dispose.
/// </summary>
public sealed class OciRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private OciRegistry(Process process, string folder, int port, string caPem)
    {
        _process = process;
        _folder = folder;
        Port = port;
        CaPem = caPem;
        CaFile = Path.Combine(folder, "ca.pem");
    }

    public const string SkipReason = "docker-registry is not installed (eng/test.sh installs Debian's docker-registry)";

    public int Port { get; }

    /// <summary>The CA certificate (PEM) the registry's certificate is signed by.</summary>
    public string CaPem { get; }

    public string CaFile { get; }

    /// <summary>oci://127.0.0.1:PORT/charts</summary>
    public string ChartsUrl => $"oci://127.0.0.1:{Port}/charts";

    public static string? Executable() => ProcessRunner.Find("docker-registry") ?? (File.Exists("/usr/bin/docker-registry") ? "/usr/bin/docker-registry" : null);

    public static async Task<OciRegistry> StartAsync()
    {
        var executable = Executable() ?? throw new InvalidOperationException(SkipReason);
        var folder = Directory.CreateTempSubdirectory("gitopsagent-registry-").FullName;
        var (caPem, certPem, keyPem) = Certificates();
        await File.WriteAllTextAsync(Path.Combine(folder, "ca.pem"), caPem);
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certPem);
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), keyPem);
        for (var attempt = 0; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var config = Path.Combine(folder, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(folder, "data")}
                http:
                  addr: 127.0.0.1:{port}
                """);
            var process = Process.Start(new ProcessStartInfo(executable) { ArgumentList = { "serve", config }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await LoopbackPort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15)))
            {
                return new OciRegistry(process, folder, port, caPem);
            }

            process.Kill(entireProcessTree: true);
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"docker-registry did not listen on 127.0.0.1:{port}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>A CA and a certificate it signs for 127.0.0.1 (and localhost).</summary>
    private static (string Ca, string Certificate, string Key) Certificates()
    {
        // One instant for both: a leaf valid a tick longer than its CA is refused (this flaked across a second boundary).
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=gitops-agent test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(8));
        return (ca.ExportCertificatePem(), certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
