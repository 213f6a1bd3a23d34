using System.Collections.Concurrent;
using System.Diagnostics;
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
/// Serves every repository under a project root through `git http-backend` (CGI) on 127.0.0.1, with optional basic auth
/// and per-repository request counts. Protocol v0 on purpose: one GET per ls-remote, GET + POST per fetch.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _gets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _posts = new(StringComparer.Ordinal);
    private readonly string? _username;
    private readonly string? _password;
    private int _unauthorized;

    private GitHttpServer(string projectRoot, string? username, string? password)
    {
        ProjectRoot = projectRoot;
        _username = username;
        _password = password;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public string ProjectRoot { get; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<GitHttpServer> StartAsync(string projectRoot, string? username = null, string? password = null)
    {
        var server = new GitHttpServer(projectRoot, username, password);
        await server._app.StartAsync();
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.BaseUrl = addresses.Addresses.Single().TrimEnd('/');
        return server;
    }

    public string Url(string repositoryName) => $"{BaseUrl}/{repositoryName}";

    /// <summary>GET requests (one per ls-remote or fetch negotiation start) to this repository.</summary>
    public int Gets(string repositoryName) => _gets.TryGetValue(repositoryName, out var count) ? count : 0;

    /// <summary>POST requests (pack transfers: fetches) to this repository.</summary>
    public int Posts(string repositoryName) => _posts.TryGetValue(repositoryName, out var count) ? count : 0;

    /// <summary>Requests refused for missing or wrong credentials.</summary>
    public int Unauthorized => _unauthorized;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var repository = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        (HttpMethods.IsPost(context.Request.Method) ? _posts : _gets).AddOrUpdate(repository, 1, (_, n) => n + 1);

        if (_username is not null && !IsAuthorized(context.Request))
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }

        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("http-backend");
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(key);
        startInfo.Environment["GIT_PROJECT_ROOT"] = ProjectRoot;
        startInfo.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        startInfo.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        startInfo.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        startInfo.Environment["PATH_INFO"] = path;
        startInfo.Environment["QUERY_STRING"] = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        startInfo.Environment["REQUEST_METHOD"] = context.Request.Method;
        startInfo.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        startInfo.Environment["REMOTE_ADDR"] = "127.0.0.1";
        startInfo.Environment["REMOTE_USER"] = _username ?? "anonymous";
        if (context.Request.ContentLength is { } length)
            startInfo.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
            startInfo.Environment["HTTP_CONTENT_ENCODING"] = encoding;

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var feed = FeedBodyAsync(context.Request.Body, process.StandardInput.BaseStream);
        var output = process.StandardOutput.BaseStream;
        foreach (var (name, value) in await ReadCgiHeadersAsync(output))
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else
                context.Response.Headers.Append(name, value);
        }

        await output.CopyToAsync(context.Response.Body);
        await feed;
        await process.WaitForExitAsync();
        await stderr;
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return decoded == $"{_username}:{_password}";
    }

    private static async Task FeedBodyAsync(Stream body, Stream stdin)
    {
        try
        {
            await body.CopyToAsync(stdin);
        }
        finally
        {
            stdin.Close();
        }
    }

    private static async Task<List<(string Name, string Value)>> ReadCgiHeadersAsync(Stream output)
    {
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var buffer = new byte[1];
        while (await output.ReadAsync(buffer) == 1)
        {
            if (buffer[0] != '\n')
            {
                line.Add(buffer[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
                break;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
