using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOpsAgent.Git;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>What one GET brought back: the body (within its limit) and what the caller reads from the headers.</summary>
internal sealed record ChartResponse(byte[] Body, HttpStatusCode Status, string? ETag, string? ContentDigest, string? NextLink);

/// <summary>
/// The HTTP side of chart sources: GETs with the Secret's credentials (basic or bearer, up front for a chart
/// repository; after the registry's 401 challenge for OCI, with its token exchange), a custom CA or no verification
/// when the Secret asks, bounded bodies and time, and redirects followed by hand so credentials never go to
/// another host. Failures are <see cref="ChartSourceException"/>s whose messages carry no secret.
/// </summary>
internal sealed class ChartHttp : IDisposable
{
    private static readonly string[] TokenQueryKeys = ["service", "scope"];

    private readonly ChartSourceOptions _options;
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);

    public ChartHttp(ChartSourceOptions options) => _options = options;

    /// <summary>GETs <paramref name="uri"/>; 304 comes back as a response with an empty body (when <paramref name="ifNoneMatch"/> was sent).</summary>
    public async Task<ChartResponse> GetAsync(
        Uri uri, ChartCredentials? credentials, bool oci, string accept, long maxBytes, string what, CancellationToken ct, string? ifNoneMatch = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await SendAsync(uri, credentials, oci, accept, maxBytes, what, ifNoneMatch, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) did not finish within {_options.RequestTimeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException)
        {
            // .NET's own text ("The SSL connection could not be established, see inner exception") says nothing a user can act on.
            var trust = credentials?.CaCertificates is null
                ? "is not signed by a CA this controller trusts; put the CA's certificate (PEM) in the credentials Secret as ca.crt"
                : "is signed neither by the ca.crt of the credentials Secret nor by a CA of the system";
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) failed: the server's TLS certificate {trust}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) failed: {Scrub(ex.Message, credentials)}", ex);
        }
        catch (IOException ex)
        {
            throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) failed: {Scrub(ex.Message, credentials)}", ex);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>The URL as messages show it: no userinfo, query or fragment.</summary>
    public static string Shown(Uri uri) => RepoUrl.Redact(uri.GetLeftPart(UriPartial.Path));

    private async Task<ChartResponse> SendAsync(
        Uri uri, ChartCredentials? credentials, bool oci, string accept, long maxBytes, string what, string? ifNoneMatch, CancellationToken ct)
    {
        var client = Client(credentials);
        var origin = uri.GetLeftPart(UriPartial.Authority);
        var current = uri;
        AuthenticationHeaderValue? authorization = oci ? null : UpfrontAuthorization(credentials);
        var challenged = false;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Accept.ParseAdd(accept);
            request.Headers.UserAgent.ParseAdd("gitops-agent");
            if (ifNoneMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            // Credentials go to the origin they were given for, never to a host a redirect names.
            var sameOrigin = string.Equals(current.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);
            if (authorization is not null && sameOrigin)
            {
                request.Headers.Authorization = authorization;
            }

            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                if (hop >= _options.MaxRedirects)
                {
                    throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) redirected more than {_options.MaxRedirects} times");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (current.Scheme is not ("https" or "http"))
                {
                    throw new ChartSourceException(ChartFailureReason.UrlNotAllowed, $"GET {Shown(uri)} ({what}) redirected to a {current.Scheme} URL");
                }

                continue;
            }

            if (status == 401 && oci && !challenged && sameOrigin && credentials is not null)
            {
                challenged = true;
                authorization = await AnswerChallengeAsync(client, response.Headers.WwwAuthenticate, credentials, what, ct).ConfigureAwait(false);
                if (authorization is not null)
                {
                    hop--;
                    continue;
                }
            }

            if (status == 304)
            {
                return new ChartResponse([], response.StatusCode, ifNoneMatch, null, null);
            }

            if (status is 401 or 403)
            {
                throw new ChartSourceException(
                    ChartFailureReason.AuthenticationFailed,
                    $"GET {Shown(uri)} ({what}) answered {status} ({response.ReasonPhrase}): {(credentials is null ? "the server wants credentials; name a Secret in credentialsSecretRef" : "the server refused the credentials of credentialsSecretRef")}");
            }

            if (status == 404)
            {
                throw new ChartSourceException(ChartFailureReason.ChartNotFound, $"GET {Shown(uri)} ({what}) answered 404 (Not Found)");
            }

            if (status is < 200 or > 299)
            {
                throw new ChartSourceException(ChartFailureReason.Unavailable, $"GET {Shown(uri)} ({what}) answered {status} ({response.ReasonPhrase})");
            }

            var body = await ReadLimitedAsync(response.Content, maxBytes, uri, what, ct).ConfigureAwait(false);
            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.FirstOrDefault() : null;
            var next = response.Headers.TryGetValues("Link", out var links) ? links.FirstOrDefault() : null;
            return new ChartResponse(body, response.StatusCode, response.Headers.ETag?.ToString(), digest, next);
        }
    }

    private static AuthenticationHeaderValue? UpfrontAuthorization(ChartCredentials? credentials) => credentials switch
    {
        { Token: { Length: > 0 } token } => new AuthenticationHeaderValue("Bearer", token),
        { HasBasic: true } => Basic(credentials),
        _ => null,
    };

    private static AuthenticationHeaderValue Basic(ChartCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    /// <summary>A registry's 401: Basic gets the username and password; Bearer gets a token from its realm (the distribution token flow).</summary>
    private static async Task<AuthenticationHeaderValue?> AnswerChallengeAsync(
        HttpMessageInvoker client, HttpHeaderValueCollection<AuthenticationHeaderValue> challenges, ChartCredentials credentials, string what, CancellationToken ct)
    {
        foreach (var challenge in challenges)
        {
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && credentials.HasBasic)
            {
                return Basic(credentials);
            }

            if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = ChallengeParameters(challenge.Parameter ?? "");
            if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
            {
                return credentials.Token is { Length: > 0 } direct ? new AuthenticationHeaderValue("Bearer", direct) : null;
            }

            var query = string.Join('&', TokenQueryKeys
                .Where(parameters.ContainsKey)
                .Select(k => $"{k}={Uri.EscapeDataString(parameters[k])}"));
            var tokenUri = new UriBuilder(realmUri) { Query = query }.Uri;
            using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
            request.Headers.Authorization = credentials.HasBasic ? Basic(credentials) : credentials.Token is { Length: > 0 } t ? new AuthenticationHeaderValue("Bearer", t) : null;
            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChartSourceException(
                    ChartFailureReason.AuthenticationFailed,
                    $"the registry's token service {Shown(tokenUri)} ({what}) answered {(int)response.StatusCode} ({response.ReasonPhrase}) for the credentials of credentialsSecretRef");
            }

            var body = await ReadLimitedAsync(response.Content, 1024 * 1024, tokenUri, "registry token", ct).ConfigureAwait(false);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var token = json.RootElement.TryGetProperty("token", out var t1) ? t1.GetString() : json.RootElement.TryGetProperty("access_token", out var t2) ? t2.GetString() : null;
            return string.IsNullOrEmpty(token) ? null : new AuthenticationHeaderValue("Bearer", token);
        }

        return null;
    }

    /// <summary>realm="https://auth.example.com/token",service="registry",scope="repository:charts/x:pull".</summary>
    internal static Dictionary<string, string> ChallengeParameters(string parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameter.Length)
        {
            var eq = parameter.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var key = parameter[i..eq].Trim(' ', ',');
            string value;
            if (eq + 1 < parameter.Length && parameter[eq + 1] == '"')
            {
                var end = parameter.IndexOf('"', eq + 2);
                end = end < 0 ? parameter.Length : end;
                value = parameter[(eq + 2)..end];
                i = end + 1;
            }
            else
            {
                var end = parameter.IndexOf(',', eq + 1);
                end = end < 0 ? parameter.Length : end;
                value = parameter[(eq + 1)..end];
                i = end;
            }

            result[key] = value;
            i++;
        }

        return result;
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long maxBytes, Uri uri, string what, CancellationToken ct)
    {
        if (content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(uri, what, maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(uri, what, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ChartSourceException TooLarge(Uri uri, string what, long maxBytes) =>
        new(what.Contains("archive", StringComparison.Ordinal) ? ChartFailureReason.InvalidArchive : ChartFailureReason.Unavailable,
            $"GET {Shown(uri)} ({what}) is larger than {maxBytes} bytes, the limit");

    private HttpMessageInvoker Client(ChartCredentials? credentials)
    {
        var ca = credentials?.CaCertificates;
        var insecure = credentials?.InsecureSkipVerify == true;
        var key = insecure ? "insecure" : ca is null ? "system" : "ca:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ca)));
        return _clients.GetOrAdd(key, _ => new HttpMessageInvoker(CreateHandler(ca, insecure), disposeHandler: true));
    }

    private SocketsHttpHandler CreateHandler(string? caPem, bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = true,
        };
        if (insecure)
        {
            // The Secret asked for no verification (insecureSkipVerify: "true"); never the default.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (caPem is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateWithCustomRoots(certificate, errors, roots);
        }

        return handler;
    }

    /// <summary>The system's trust first; else the Secret's CA bundle as the only extra roots. A certificate for another host never passes.</summary>
    private static bool ValidateWithCustomRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static string Scrub(string text, ChartCredentials? credentials)
    {
        foreach (var secret in credentials?.SecretValues ?? [])
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
