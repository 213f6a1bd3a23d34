using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a local server (git daemon) that counts the bytes of every connection both
/// ways: what a client really moves over the network, whatever the protocol.
/// </summary>
public sealed class ByteCountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _toServer;
    private long _toClient;
    private long _connections;

    private ByteCountingProxy(TcpListener listener, int targetPort)
    {
        _listener = listener;
        _targetPort = targetPort;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TrafficCount Traffic => new(Interlocked.Read(ref _connections), Interlocked.Read(ref _toServer), Interlocked.Read(ref _toClient));

    public static ByteCountingProxy Start(int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ByteCountingProxy(listener, targetPort);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = CopyAsync(client.GetStream(), server, c => Interlocked.Add(ref _toServer, c));
                var down = CopyAsync(server.GetStream(), client, c => Interlocked.Add(ref _toClient, c));
                await Task.WhenAll(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A peer hung up: the connection is over, its bytes are counted.
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, TcpClient to, Action<int> count)
    {
        var buffer = new byte[81920];
        var target = to.GetStream();
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                count(read);
                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        finally
        {
            // Half-close so the other side sees end of stream, as git's protocol expects.
            try
            {
                to.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>Connections and bytes seen by the proxy; subtract two to get one operation's traffic.</summary>
public readonly record struct TrafficCount(long Connections, long BytesToServer, long BytesToClient)
{
    public long Bytes => BytesToServer + BytesToClient;

    public static TrafficCount operator -(TrafficCount a, TrafficCount b) =>
        new(a.Connections - b.Connections, a.BytesToServer - b.BytesToServer, a.BytesToClient - b.BytesToClient);
}
