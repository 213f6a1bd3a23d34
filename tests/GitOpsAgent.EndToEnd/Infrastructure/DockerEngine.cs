using System.Net.Sockets;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>
/// Whether a Docker engine answers, decided cheaply: no socket file means no engine at once (the `docker` CLI alone is
/// not an engine), and an engine that does not answer GET /_ping within a short timeout counts as absent.
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);
    private static readonly Lazy<Task<string?>> Checked = new(() => WhyUnavailableAsync(Endpoint(), PingTimeout));

    /// <summary>Null when an engine answered; else why not, in one line. Checked once per test process.</summary>
    public static Task<string?> WhyUnavailableAsync() => Checked.Value;

    /// <summary>DOCKER_HOST when set, else the rootful socket, else the rootless one ($XDG_RUNTIME_DIR/docker.sock).</summary>
    public static Uri Endpoint()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host)
        {
            return new Uri(host);
        }

        var rootless = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime ? Path.Combine(runtime, "docker.sock") : null;
        return new Uri("unix://" + (File.Exists("/var/run/docker.sock") || rootless is null || !File.Exists(rootless) ? "/var/run/docker.sock" : rootless));
    }

    public static async Task<string?> WhyUnavailableAsync(Uri endpoint, TimeSpan timeout)
    {
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.AbsolutePath))
        {
            return $"no Docker engine: {endpoint.AbsolutePath} does not exist";
        }

        if (endpoint.Scheme is not ("unix" or "tcp"))
        {
            return $"DOCKER_HOST {endpoint} is neither unix:// nor tcp://";
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = endpoint.Scheme == "unix"
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(endpoint.Scheme == "unix" ? new UnixDomainSocketEndPoint(endpoint.AbsolutePath) : new System.Net.DnsEndPoint(endpoint.Host, endpoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(new Uri("http://docker/_ping"));
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && body.Trim() == "OK" ? null : $"the Docker engine at {endpoint} answered /_ping with {(int)response.StatusCode} {body.Trim()}";
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return $"no Docker engine answers at {endpoint} ({ex.GetType().Name}: {ex.Message})";
        }
    }
}
