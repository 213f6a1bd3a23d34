using System.Collections.Concurrent;
using System.Net.Sockets;

namespace GitOpsAgent.Git;

/// <summary>
/// A TCP connect with a short timeout before git talks to an http(s) or git:// server: git has no connect timeout of
/// its own (curl waits minutes for a server that drops connections), and http.lowSpeedTime only starts once connected.
/// A success is remembered for a short while, so a busy server costs one extra connect per interval, not per request.
/// Skipped behind a proxy, where git does not connect to the server itself. ssh has ConnectTimeout instead.
/// </summary>
internal sealed class GitServerProbe(TimeSpan connectTimeout, TimeProvider timeProvider)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    private static readonly string[] ProxyVariables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];

    private readonly ConcurrentDictionary<string, DateTimeOffset> _reachedAt = new(StringComparer.Ordinal);

    /// <exception cref="GitSourceException">With <see cref="GitFailureReason.Unreachable"/> when the server does not accept a connection in time.</exception>
    public async Task EnsureReachableAsync(GitServer server, CancellationToken ct)
    {
        if (server.Scheme is not ("http" or "https" or "git") || ProxyVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))))
            return;
        var now = timeProvider.GetUtcNow();
        if (_reachedAt.TryGetValue(server.Name, out var reached) && now - reached < Freshness)
            return;

        using var timeout = new CancellationTokenSource(connectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server.Host.Trim('[', ']'), server.Port, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new GitSourceException(GitFailureReason.Unreachable, $"git server {server.Name} did not accept a connection within {connectTimeout.TotalSeconds:0.#}s.");
        }
        catch (SocketException ex)
        {
            throw new GitSourceException(GitFailureReason.Unreachable, $"git server {server.Name} cannot be reached: {ex.Message}.", ex);
        }

        _reachedAt[server.Name] = timeProvider.GetUtcNow();
    }
}
