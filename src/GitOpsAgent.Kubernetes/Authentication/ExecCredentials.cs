using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Runs a kubeconfig exec plugin and caches its ExecCredential until status.expirationTimestamp (or until a 401 when
/// it gives none). Plugin output and stderr are never put in messages: they carry the credential.
/// </summary>
internal sealed class ExecCredentials(ExecCredentialConfig config, TimeProvider time) : ICredentialSource, IDisposable
{
    private static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PluginTimeout = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset? _expiresAt;
    private bool _valid;

    public X509Certificate2? ClientCertificate { get; private set; }

    public async ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_valid || (_expiresAt is { } expiry && time.GetUtcNow() >= expiry - ExpirySkew))
            {
                await RunPluginAsync(ct);
            }

            return _token is null ? null : new AuthenticationHeaderValue("Bearer", _token);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _valid = false;

    public void Dispose()
    {
        _gate.Dispose();
        ClientCertificate?.Dispose();
    }

    private async Task RunPluginAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo(config.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in config.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in config.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] =
            $$$"""{"apiVersion":"{{{config.ApiVersion}}}","kind":"ExecCredential","spec":{"interactive":false}}""";

        string output;
        int exitCode;
        try
        {
            using var process = Process.Start(start) ?? throw new KubernetesConfigException($"exec plugin {config.Command} did not start");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(PluginTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new KubernetesConfigException($"exec plugin {config.Command} did not finish within {PluginTimeout.TotalSeconds}s");
            }

            output = await stdout;
            await stderr;
            exitCode = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new KubernetesConfigException($"exec plugin {config.Command} could not be run: {ex.Message}", ex);
        }

        if (exitCode != 0)
        {
            throw new KubernetesConfigException($"exec plugin {config.Command} exited with code {exitCode}");
        }

        Accept(output);
    }

    private void Accept(string output)
    {
        JsonObject? credential;
        try
        {
            credential = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException)
        {
            credential = null;
        }

        var status = credential?.GetObjectAt("status")
            ?? throw new KubernetesConfigException($"exec plugin {config.Command} did not print an ExecCredential with a status");
        _token = status.GetStringAt("token");
        var certificate = status.GetStringAt("clientCertificateData");
        var key = status.GetStringAt("clientKeyData");
        if (certificate is not null && key is not null)
        {
            ClientCertificate?.Dispose();
            ClientCertificate = ClientCertificates.FromPem(certificate, key, $"exec plugin {config.Command}");
        }

        if (_token is null && ClientCertificate is null)
        {
            throw new KubernetesConfigException($"exec plugin {config.Command} returned neither a token nor a client certificate");
        }

        _expiresAt = status.GetStringAt("expirationTimestamp") is { } expiry
            && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
        _valid = true;
    }

    public override string ToString() => $"ExecCredentials({config})";
}
