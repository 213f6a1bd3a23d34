using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Notifications;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Outbound;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Notifications;

/// <summary>
/// The notification controller, apart from the reconciler: while this replica leads, it watches Notifications and
/// Applications (of its shard), derives each Application's transitions from its successive statuses with the pure
/// <see cref="TransitionDetector"/>, and sends those a Notification selects through its provider, rate-limited per
/// Application by <see cref="NotificationThrottle"/>. Messages of one Notification go out in order; a failing provider
/// retries twice and then becomes the Notification's Ready=False condition and a counted failure, never a failed sync.
/// One loop owns all state; deliveries run beside it and report back.
/// </summary>
public sealed partial class NotificationController(
    IKubernetesApi kube,
    ApplicationOwnership ownership,
    NotificationSender sender,
    ControllerOptions options,
    GitOpsAgentMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private const int Attempts = 3;
    private static readonly TimeSpan LeadershipPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CrdRecheck = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReleaseTick = TimeSpan.FromSeconds(1);
    private static readonly Backoff RetryBackoff = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10));
    private readonly ILogger _logger = loggerFactory.CreateLogger<NotificationController>();
    private readonly IKubernetesApi _kube = kube;
    private readonly ApplicationOwnership _applications = ownership;
    private readonly NotificationSender _sender = sender;
    private readonly ControllerOptions _options = options;
    private readonly GitOpsAgentMetrics _metrics = metrics;
    private readonly TimeProvider _time = time;
    private readonly ILoggerFactory _loggerFactory = loggerFactory;

    private abstract record Work;


    private sealed record Changed(bool IsNotification, ResourceWatcherEvent Event) : Work;

    private sealed record Tick : Work;

    /// <summary>A delivery's end: sent, skipped (the provider has nothing to say about it), or failed with a reason.</summary>
    private sealed record Delivered(string Notification, NotificationMessage Message, bool Skipped, string? FailureReason, string? Error, DateTimeOffset At) : Work;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (!_applications.IsLeading)
                {
                    await Task.Delay(LeadershipPoll, _time, stoppingToken);
                }

                using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var watch = WatchLeadershipAsync(term);
                await new Term(this).RunAsync(term.Token);
                await term.CancelAsync();
                await watch;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // The term ended with leadership; wait for the next one.
            }
        }
    }

    /// <summary>Ends the term as soon as this replica no longer leads.</summary>
    private async Task WatchLeadershipAsync(CancellationTokenSource term)
    {
        try
        {
            while (_applications.IsLeading)
            {
                await Task.Delay(LeadershipPoll, _time, term.Token);
            }

            await term.CancelAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One leadership term: fresh state, so the first status seen of each Application is a baseline again.</summary>
    private sealed class Term(NotificationController owner)
    {
        private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<AppKey, AppFacts> _facts = [];
        private readonly Dictionary<AppKey, JsonObject> _apps = [];
        private readonly Dictionary<string, Notification> _notifications = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _validated = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Notification, string App), ThrottleState> _throttles = [];
        private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);

        public async Task RunAsync(CancellationToken ct)
        {
            var kube = owner._kube;
            try
            {
                await kube.ResolveAsync(Application.ApiVersionValue, Notification.KindValue, ct);
            }
            catch (KubernetesUnknownKindException)
            {
                Log.NotInstalled(owner._logger);
                await Task.Delay(CrdRecheck, owner._time, ct);
                return;
            }

            var namespaces = owner._options.WatchNamespaces.Count == 0 ? [null] : owner._options.WatchNamespaces.Select(n => (string?)n).ToList();
            var watchers = namespaces.SelectMany(ns => new[]
            {
                Watcher(Notification.KindValue, ns, isNotification: true),
                Watcher(Application.KindValue, ns, isNotification: false),
            }).ToList();
            var running = watchers.Select(w => Task.Run(() => w.RunAsync(ct), CancellationToken.None)).ToList();
            var ticker = Task.Run(() => TickAsync(ct), CancellationToken.None);
            try
            {
                await foreach (var item in _work.Reader.ReadAllAsync(ct))
                {
                    await HandleAsync(item, ct);
                }
            }
            finally
            {
                await Task.WhenAll(running.Append(ticker));
                await Task.WhenAll(_tails.Values);
            }
        }

        private ResourceWatcher Watcher(string kind, string? ns, bool isNotification) => new(
            owner._kube,
            new ResourceWatcherOptions(Application.ApiVersionValue, kind, ns),
            (e, _) =>
            {
                _work.Writer.TryWrite(new Changed(isNotification, e));
                return ValueTask.CompletedTask;
            },
            owner._time,
            owner._loggerFactory.CreateLogger<ResourceWatcher>());

        private async Task TickAsync(CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(ReleaseTick, owner._time, ct);
                    _work.Writer.TryWrite(new Tick());
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task HandleAsync(Work item, CancellationToken ct)
        {
            switch (item)
            {
                case Changed { IsNotification: true, Event: { Object: { } obj } e }:
                    await NotificationChangedAsync(obj, e.Type == ResourceWatcherEventType.Deleted, ct);
                    break;
                case Changed { Event: { Object: { } obj } e }:
                    ApplicationChanged(obj, e.Type == ResourceWatcherEventType.Deleted);
                    break;
                case Tick:
                    ReleaseHeld();
                    break;
                case Delivered delivered:
                    await DeliveredAsync(delivered, ct);
                    break;
            }
        }

        private async Task NotificationChangedAsync(JsonObject obj, bool deleted, CancellationToken ct)
        {
            var key = $"{obj.GetNamespace()}/{obj.GetName()}";
            if (deleted)
            {
                _notifications.Remove(key);
                _validated.Remove(key);
                foreach (var throttle in _throttles.Keys.Where(k => k.Notification == key).ToList())
                {
                    _throttles.Remove(throttle);
                }

                return;
            }

            Notification notification;
            try
            {
                notification = obj.Deserialize<Notification>(ApplicationSerializer.Options)!;
            }
            catch (JsonException ex)
            {
                // The API server validates against the CRD, so this is a CRD older than the controller.
                Log.Unreadable(owner._logger, key, ex.Message);
                return;
            }

            _notifications[key] = notification;
            var generation = notification.Metadata.Generation ?? 0;
            if (_validated.TryGetValue(key, out var seen) && seen == generation)
            {
                return;
            }

            // Our own status writes come back as events too: only a new generation is checked again.
            _validated[key] = generation;
            try
            {
                await ProviderSettingsReader.ReadAsync(owner._kube, notification.Metadata.Namespace ?? "", notification.Spec, ct);
                await WriteConditionAsync(notification, true, NotificationReasons.Succeeded, "ready: no message was due yet", null, ct);
            }
            catch (ProviderUnavailableException ex)
            {
                Log.Unavailable(owner._logger, key, ex.Reason, ex.Message);
                await WriteConditionAsync(notification, false, ex.Reason, ex.Message, null, ct);
            }
        }

        private void ApplicationChanged(JsonObject obj, bool deleted)
        {
            var key = new AppKey(obj.GetNamespace(), obj.GetName());
            if (deleted)
            {
                _facts.Remove(key);
                _apps.Remove(key);
                foreach (var throttle in _throttles.Keys.Where(k => k.App == key.ToString()).ToList())
                {
                    _throttles.Remove(throttle);
                }

                return;
            }

            // Each shard's leader speaks for its own Applications only.
            if (!owner._applications.Owns(key))
            {
                return;
            }

            Application app;
            try
            {
                app = ApplicationSerializer.FromJson(obj);
            }
            catch (JsonException)
            {
                return;
            }

            var current = AppFacts.From(app.Status);
            var previous = _facts.GetValueOrDefault(key);
            _facts[key] = current;
            _apps[key] = obj;
            var transitions = TransitionDetector.Between(previous, current);
            if (transitions.Count == 0)
            {
                return;
            }

            var now = owner._time.GetUtcNow();
            foreach (var (name, notification) in _notifications.Where(n => n.Value.Metadata.Namespace == key.Namespace))
            {
                var spec = notification.Spec;
                if (spec.Suspend == true || NotificationRules.Validate(spec).Count > 0 || !NotificationRules.Selects(spec, key.Name, app.Metadata.Labels))
                {
                    continue;
                }

                var (burst, interval) = NotificationRules.Limit(spec);
                foreach (var transition in NotificationRules.Filter(spec, transitions))
                {
                    var throttleKey = (name, key.ToString());
                    var decision = NotificationThrottle.Offer(_throttles.GetValueOrDefault(throttleKey), transition, now, burst, interval);
                    _throttles[throttleKey] = decision.State;
                    if (decision.Send is { } send)
                    {
                        Deliver(name, Message(key, app, send, now, decision.Folded));
                    }
                    else
                    {
                        owner._metrics.RecordNotification(notification.Metadata.Namespace ?? "", notification.Metadata.Name ?? "", spec.Provider.Type.ToLowerInvariant(), "suppressed");
                    }
                }
            }
        }

        /// <summary>Held transitions whose token has come go out now.</summary>
        private void ReleaseHeld()
        {
            var now = owner._time.GetUtcNow();
            foreach (var ((name, appName), state) in _throttles.Where(t => t.Value.Held is not null).ToList())
            {
                if (!_notifications.TryGetValue(name, out var notification))
                {
                    continue;
                }

                var (burst, interval) = NotificationRules.Limit(notification.Spec);
                var decision = NotificationThrottle.Release(state, now, burst, interval);
                _throttles[(name, appName)] = decision.State;
                var appKey = new AppKey(appName.Split('/')[0], appName.Split('/')[1]);
                if (decision.Send is { } send && _apps.TryGetValue(appKey, out var obj))
                {
                    Deliver(name, Message(appKey, ApplicationSerializer.FromJson(obj), send, now, decision.Folded));
                }
            }
        }

        private static NotificationMessage Message(AppKey key, Application app, AppTransition transition, DateTimeOffset now, Folded folded) =>
            new(key.Namespace, key.Name, transition, string.IsNullOrEmpty(app.Spec.Source.RepoURL) ? null : RepoUrl.Redact(app.Spec.Source.RepoURL), now, folded);

        /// <summary>Queued behind the Notification's earlier messages, so they arrive in order.</summary>
        private void Deliver(string name, NotificationMessage message)
        {
            var notification = _notifications[name];
            var previous = _tails.GetValueOrDefault(name) ?? Task.CompletedTask;
            _tails[name] = previous.ContinueWith(_ => DeliverAsync(name, notification, message), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }

        private async Task DeliverAsync(string name, Notification notification, NotificationMessage message)
        {
            string? reason = null, error = null;
            var skipped = false;
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    var settings = await ProviderSettingsReader.ReadAsync(owner._kube, notification.Metadata.Namespace ?? "", notification.Spec, CancellationToken.None);
                    skipped = !await owner._sender.SendAsync(message, settings, CancellationToken.None);
                    reason = error = null;
                    break;
                }
                catch (ProviderUnavailableException ex)
                {
                    (reason, error) = (ex.Reason, ex.Message);
                    break;
                }
                catch (OutboundRequestException ex)
                {
                    (reason, error) = (NotificationReasons.ProviderFailed, ex.Message);
                    if (!ex.Retryable || attempt == Attempts)
                    {
                        break;
                    }

                    await Task.Delay(RetryBackoff.Delay(attempt, Random.Shared.NextDouble()), owner._time);
                }
                catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
                {
                    (reason, error) = (NotificationReasons.ProviderFailed, $"the provider's Secret could not be read: {ex.Message}");
                    break;
                }
            }

            _work.Writer.TryWrite(new Delivered(name, message, skipped, reason, error, owner._time.GetUtcNow()));
        }

        private async Task DeliveredAsync(Delivered delivered, CancellationToken ct)
        {
            if (!_notifications.TryGetValue(delivered.Notification, out var notification) || delivered.Skipped)
            {
                return;
            }

            var provider = notification.Spec.Provider.Type.ToLowerInvariant();
            var (ns, name) = (notification.Metadata.Namespace ?? "", notification.Metadata.Name ?? "");
            var app = $"{delivered.Message.Namespace}/{delivered.Message.Application}";
            if (delivered.FailureReason is { } reason)
            {
                owner._metrics.RecordNotification(ns, name, provider, "failed");
                Log.DeliveryFailed(owner._logger, delivered.Notification, provider, delivered.Message.Transition.Event, app, delivered.Error ?? "");
                await WriteConditionAsync(notification, false, reason, $"{delivered.Message.Transition.Event} of {app} was not delivered: {delivered.Error}", null, ct);
                return;
            }

            owner._metrics.RecordNotification(ns, name, provider, "sent");
            Log.Delivered(owner._logger, delivered.Notification, provider, delivered.Message.Transition.Event, app);
            await WriteConditionAsync(notification, true, NotificationReasons.Succeeded, $"sent {delivered.Message.Transition.Event} of {app}", delivered.At, ct);
        }

        /// <summary>The Ready condition (and lastSentAt), written through the status subresource; the Notification may be gone.</summary>
        private async Task WriteConditionAsync(Notification notification, bool ready, string reason, string message, DateTimeOffset? sentAt, CancellationToken ct)
        {
            var now = owner._time.GetUtcNow();
            var status = notification.Status ?? new NotificationStatus();
            status.ObservedGeneration = notification.Metadata.Generation;
            status.Conditions = Conditions.Set(status.Conditions, ConditionTypes.Ready, ready, reason, message, notification.Metadata.Generation, now);
            if (sentAt is { } at)
            {
                status.LastSentAt = Conditions.FormatTime(at);
            }

            notification.Status = status;
            try
            {
                await owner._kube.PatchAsync(Application.ApiVersionValue, Notification.KindValue, notification.Metadata.Namespace, notification.Metadata.Name ?? "",
                    new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ApplicationSerializer.Options) }, PatchType.Merge, ct, subresource: "status");
            }
            catch (KubernetesNotFoundException)
            {
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                var key = $"{notification.Metadata.Namespace}/{notification.Metadata.Name}";
                Log.StatusWriteFailed(owner._logger, key, ex.Message);
            }
        }
    }
}
