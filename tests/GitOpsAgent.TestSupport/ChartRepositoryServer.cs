using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestSupport;

/// <summary>
/// A chart repository as a static HTTP server on 127.0.0.1 over a folder (index.yaml and .tgz archives made by the
/// real `helm package` and `helm repo index`), with optional basic auth or bearer token, optional HTTPS with a
/// certificate of a test CA, and per-path request counts.
/// </summary>
public sealed class ChartRepositoryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly string? _authorization;
    private int _unauthorized;

    private ChartRepositoryServer(string folder, string? username, string? password, string? bearerToken, TestCertificateAuthority? tls)
    {
        Folder = folder;
        _authorization = bearerToken is not null ? "Bearer " + bearerToken
            : username is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            var certificate = tls.ServerCertificate();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }

        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The folder served (write charts and index.yaml here).</summary>
    public string Folder { get; }

    public string Url { get; private set; } = "";

    public int Unauthorized => _unauthorized;

    public static async Task<ChartRepositoryServer> StartAsync(string folder, string? username = null, string? password = null, string? bearerToken = null, TestCertificateAuthority? tls = null)
    {
        Directory.CreateDirectory(folder);
        var server = new ChartRepositoryServer(folder, username, password, bearerToken, tls);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        // Kestrel names an explicit IP listener by that IP; keep 127.0.0.1 so the certificate's IP SAN matches.
        server.Url = address.Replace("://[::1]", "://127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    /// <summary>Requests for a path ("/index.yaml", "/web-1.0.0.tgz").</summary>
    public int Requests(string path) => _requests.TryGetValue(path, out var n) ? n : 0;

    /// <summary>Packages <paramref name="chartDirectory"/> into the folder and rewrites index.yaml, as a chart publisher would.</summary>
    public async Task PublishAsync(HelmCli helm, string chartDirectory)
    {
        await helm.PackageAsync(chartDirectory, Folder);
        await helm.RepoIndexAsync(Folder, Url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_authorization is not null && context.Request.Headers.Authorization.ToString() != _authorization)
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = _authorization.StartsWith("Bearer", StringComparison.Ordinal) ? "Bearer realm=\"charts\"" : "Basic realm=\"charts\"";
            return;
        }

        var file = Path.GetFullPath(Path.Combine(Folder, path.TrimStart('/')));
        if (!file.StartsWith(Path.GetFullPath(Folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = file.EndsWith(".yaml", StringComparison.Ordinal) ? "text/yaml" : "application/gzip";
        await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(file));
    }
}
