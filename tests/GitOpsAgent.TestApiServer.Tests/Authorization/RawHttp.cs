using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>
/// One HTTP/1.1 GET written byte by byte, for headers HttpClient cannot send: the same header on several lines (as
/// client-go sends one Impersonate-Group line per group). Returns the status code.
/// </summary>
internal static class RawHttp
{
    public static async Task<HttpStatusCode> GetAsync(Uri server, string path, params (string Name, string Value)[] headers)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, server.Port, timeout.Token);
        var stream = client.GetStream();
        var request = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(timeout.Token) ?? "";
        return (HttpStatusCode)int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
