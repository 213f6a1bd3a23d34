using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>
/// A port on 127.0.0.1 whose accept queue is full and never drained: the kernel drops further connection attempts,
/// so a client's connect hangs as it would for a server behind a firewall that drops packets.
/// </summary>
public sealed class UnconnectableServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _queued = [];

    public UnconnectableServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        // Linux keeps backlog + 1 completed connections; fill them so later SYNs go unanswered.
        for (var i = 0; i < 3; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                client.Connect(_listener.LocalEndPoint!);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
            }

            _queued.Add(client);
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public void Dispose()
    {
        foreach (var client in _queued)
            client.Dispose();
        _listener.Dispose();
    }
}
