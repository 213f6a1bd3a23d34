using System.Threading.Channels;

namespace GitOpsAgent.TestApiServer.Storage;

/// <summary>One open watch: the events of one resource after its starting point, to filter and stream.</summary>
public sealed class Watcher(string storageKey, Action<Watcher> unsubscribe) : IDisposable
{
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public string StorageKey { get; } = storageKey;

    public ChannelReader<WatchEvent> Events => _events.Reader;

    internal void Publish(WatchEvent e) => _events.Writer.TryWrite(e);

    public void Dispose()
    {
        unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
