using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsAgent.Kubernetes;

/// <summary>Supplies the Authorization header (and, for exec plugins, a client certificate) before each request.</summary>
internal interface ICredentialSource
{
    ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken ct);

    /// <summary>A client certificate obtained at run time (exec plugins), or null.</summary>
    X509Certificate2? ClientCertificate { get; }

    /// <summary>The server said 401: forget cached credentials so the next call fetches fresh ones.</summary>
    void Invalidate();
}

internal sealed class NoCredentials : ICredentialSource
{
    public X509Certificate2? ClientCertificate => null;

    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken ct) => ValueTask.FromResult<AuthenticationHeaderValue?>(null);

    public void Invalidate() { }
}

internal sealed class FixedCredentials(AuthenticationHeaderValue header) : ICredentialSource
{
    public X509Certificate2? ClientCertificate => null;

    public ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken ct) => ValueTask.FromResult<AuthenticationHeaderValue?>(header);

    public void Invalidate() { }

    public override string ToString() => $"FixedCredentials({header.Scheme} [redacted])";
}
