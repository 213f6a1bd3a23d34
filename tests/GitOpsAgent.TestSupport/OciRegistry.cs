using System.Diagnostics;
using System.Net;

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
        var authority = TestCertificateAuthority.Create();
        var (caPem, certPem, keyPem) = (authority.CaPem, authority.CertificatePem, authority.KeyPem);
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
}
