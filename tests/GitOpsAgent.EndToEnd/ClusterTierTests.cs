using System.Net.Sockets;
using System.Text;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>How the suite decides whether k3s can start: a Docker engine must answer, and looking must never hang.</summary>
public sealed class ClusterTierTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DockerEngine_NoSocketFile_IsUnavailableWithTheReason()
    {
        using var dir = new TempDirectory("docker-probe");
        var socket = Path.Combine(dir.Path, "docker.sock");

        var why = await DockerEngine.WhyUnavailableAsync(new Uri("unix://" + socket), TimeSpan.FromSeconds(2)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal($"no Docker engine: {socket} does not exist", why);
    }

    [Fact]
    public async Task DockerEngine_SocketThatNeverAnswers_IsUnavailableAfterThePingTimeout()
    {
        using var dir = new TempDirectory("docker-probe");
        var path = Path.Combine(dir.Path, "docker.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(); // accepts connections in the backlog, never reads or writes

        var why = await DockerEngine.WhyUnavailableAsync(new Uri("unix://" + path), TimeSpan.FromSeconds(1)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.NotNull(why);
        Assert.StartsWith($"no Docker engine answers at unix://{path}", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerEngine_SocketAnsweringPingOk_IsAvailable()
    {
        using var dir = new TempDirectory("docker-probe");
        var path = Path.Combine(dir.Path, "docker.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var engine = AnswerOnceAsync(listener, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK");

        var why = await DockerEngine.WhyUnavailableAsync(new Uri("unix://" + path), TimeSpan.FromSeconds(5)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Null(why);
        Assert.StartsWith("GET /_ping ", await engine.WaitAsync(Bound, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerEngine_TcpHostNotListening_IsUnavailable()
    {
        var port = LoopbackPort.Free();

        var why = await DockerEngine.WhyUnavailableAsync(new Uri($"tcp://127.0.0.1:{port}"), TimeSpan.FromSeconds(2)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.NotNull(why);
        Assert.StartsWith($"no Docker engine answers at tcp://127.0.0.1:{port}", why, StringComparison.Ordinal);
    }

    /// <summary>Accepts one connection, reads the request line, answers <paramref name="response"/>; returns the request line.</summary>
    private static async Task<string> AnswerOnceAsync(Socket listener, string response)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[4096];
        var received = await connection.ReceiveAsync(buffer);
        await connection.SendAsync(Encoding.ASCII.GetBytes(response));
        return Encoding.ASCII.GetString(buffer, 0, received).Split("\r\n")[0];
    }
}
