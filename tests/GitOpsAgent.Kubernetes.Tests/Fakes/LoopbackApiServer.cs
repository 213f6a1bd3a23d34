using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes.Tests.Fakes;

/// <summary>A real Kestrel server on 127.0.0.1 (random port) serving core discovery plus one test-supplied route, for streaming and TLS.</summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LoopbackApiServer> StartAsync(RequestDelegate route, X509Certificate2? serverCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            switch (context.Request.Path.Value?.TrimEnd('/'))
            {
                case "/api":
                    await context.Response.WriteAsync("""{"kind":"APIVersions","versions":["v1"]}""");
                    break;
                case "/api/v1":
                    await context.Response.WriteAsync(FakeApiServer.CoreV1);
                    break;
                case "/apis":
                    await context.Response.WriteAsync("""{"kind":"APIGroupList","groups":[]}""");
                    break;
                default:
                    await route(context);
                    break;
            }
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new LoopbackApiServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
