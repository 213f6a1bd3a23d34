using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.Kubernetes;

/// <summary>A bearer token read from a file and re-read at most every <c>refreshInterval</c> or after a 401 (service account token rotation).</summary>
internal sealed class TokenFileCredentials(string path, TimeSpan refreshInterval, TimeProvider time) : ICredentialSource
{
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public X509Certificate2? ClientCertificate => null;

    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_token is null || now - _readAt >= refreshInterval)
            {
                _token = ReadToken();
                _readAt = now;
            }

            return ValueTask.FromResult<AuthenticationHeaderValue?>(new AuthenticationHeaderValue("Bearer", _token));
        }
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _token = null;
        }
    }

    private string ReadToken()
    {
        try
        {
            var token = File.ReadAllText(path).Trim();
            return token.Length > 0 ? token : throw new KubernetesConfigException($"token file {path} is empty");
        }
        catch (IOException ex)
        {
            // Keep the last good token through a transient read failure during rotation.
            return _token ?? throw new KubernetesConfigException($"cannot read token file {path}: {ex.Message}", ex);
        }
    }

    public override string ToString() => $"TokenFileCredentials({path})";
}
