using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.TestSupport;

/// <summary>Accepts TCP connections on 127.0.0.1 and never answers: a server that hangs every git request.</summary>
public sealed class HungServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();

    public HungServer()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    public string Url(string repository) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{repository}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
                client.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                    _clients.Add(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
