using System.Collections.Concurrent;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>Records every request the cache reports, for asserting what went over the network.</summary>
public sealed class RecordingObserver : IGitRequestObserver
{
    public ConcurrentQueue<(string Repo, string RequestType, bool Success)> Requests { get; } = new();

    public int Count(string requestType) => Requests.Count(r => r.RequestType == requestType);

    public void OnRequest(string repo, string requestType, TimeSpan duration, bool success) =>
        Requests.Enqueue((repo, requestType, success));
}
