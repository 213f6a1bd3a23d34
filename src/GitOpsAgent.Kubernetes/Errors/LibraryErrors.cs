using System.Security.Cryptography;
using System.Text.Json;
using k8s.Autorest;
using k8s.Exceptions;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Turns what KubernetesClient throws into our typed errors: an HTTP error through its Status body, a timeout, a
/// transport failure, a credential plugin failure. The library's exception is not kept as the inner exception: it
/// carries the request's headers (Authorization) and body (Secret data).
/// </summary>
internal static class LibraryErrors
{
    public static Exception? Translate(Exception error, string request, TimeSpan timeout, CancellationToken ct) => error switch
    {
        HttpOperationException http when http.Response is { } response =>
            StatusErrors.FromResponse((int)response.StatusCode, response.Content ?? "", request),
        OperationCanceledException when !ct.IsCancellationRequested => new KubernetesTimeoutException(request, timeout, error),
        HttpRequestException => new KubernetesException($"{request}: {error.Message}", error),
        JsonException => new KubernetesException($"{request}: the response is not the JSON expected ({error.Message})", error),
        KubeConfigException => new KubernetesConfigException($"{request}: {error.Message}"),
        CryptographicException => new KubernetesConfigException($"{request}: the client certificate or key cannot be used ({error.GetType().Name})"),
        _ => null,
    };
}
