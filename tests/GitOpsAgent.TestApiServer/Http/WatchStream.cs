using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace GitOpsAgent.TestApiServer.Http;

/// <summary>
/// A watch response: HTTP 200, then newline-delimited JSON events flushed one by one (ADDED, MODIFIED, DELETED,
/// BOOKMARK, or one ERROR with a 410 Gone Status when the requested resourceVersion left the history window).
/// </summary>
public sealed class WatchStream(ObjectStore store, TestApiServerOptions options)
{
    public async Task RunAsync(HttpContext context, ApiRequest request, ListQuery query)
    {
        var type = request.Type;
        var rvText = context.Request.Query["resourceVersion"].ToString();
        var bookmarks = context.Request.Query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(context.Request.Query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        // The event as this watch sees it: objects entering its selector are ADDED, leaving it DELETED (as the real server does).
        string? Translate(WatchEvent e)
        {
            if ((request.Namespace.Length > 0 && e.Namespace != request.Namespace)
                || (request.Name.Length > 0 && e.Object["metadata"]?["name"]?.GetValue<string>() != request.Name))
            {
                return null;
            }

            var now = query.Matches(e.Object);
            if (e.Type != "MODIFIED" || e.Previous is null)
            {
                return now ? e.Type : null;
            }

            var before = query.Matches(e.Previous);
            return (before, now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            };
        }

        (Watcher Watcher, List<WatchEvent> Replay)? subscription;
        var initial = new List<JsonObject>();
        lock (store.Gate)
        {
            if (rvText is "" or "0")
            {
                // No starting point: the current state as ADDED events, then what follows.
                subscription = store.Subscribe(type, store.CurrentResourceVersion);
                initial = store.Items(type, request.Namespace).Select(o => ObjectStore.WithVersion(o, type)).ToList();
            }
            else
            {
                subscription = long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv)
                    ? store.Subscribe(type, rv)
                    : throw ApiException.BadRequest($"invalid resource version \"{rvText}\"");
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (subscription is null)
        {
            var gone = ApiException.StatusBody(410, "Expired", $"too old resource version: {rvText} ({store.CurrentResourceVersion})");
            await WriteEventAsync(context, "ERROR", gone);
            return;
        }

        using var watcher = subscription.Value.Watcher;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            await context.Response.StartAsync(deadline.Token);
            await context.Response.Body.FlushAsync(deadline.Token);
            foreach (var obj in initial.Where(o => query.Matches(o) && (request.Name.Length == 0 || o["metadata"]?["name"]?.GetValue<string>() == request.Name)))
            {
                await WriteEventAsync(context, "ADDED", obj);
            }

            foreach (var e in subscription.Value.Replay)
            {
                if (Translate(e) is { } eventType)
                {
                    await WriteEventAsync(context, eventType, ObjectStore.WithVersion(e.Object, type));
                }
            }

            while (!deadline.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                tick.CancelAfter(options.BookmarkInterval);
                try
                {
                    var e = await watcher.Events.ReadAsync(tick.Token);
                    if (Translate(e) is { } eventType)
                    {
                        await WriteEventAsync(context, eventType, ObjectStore.WithVersion(e.Object, type));
                    }
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                    if (bookmarks)
                    {
                        var bookmark = new JsonObject
                        {
                            ["kind"] = type.Kind,
                            ["apiVersion"] = type.ApiVersion,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
                        };
                        await WriteEventAsync(context, "BOOKMARK", bookmark);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout or client gone: the watch ends, as timeoutSeconds asks.
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
