using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Notifications;

/// <summary>
/// The JSON bodies of the providers that post a message: the generic webhook (our documented format, see
/// docs/notifications.md), a Slack incoming webhook (https://api.slack.com/messaging/webhooks: "text" for every
/// Slack-compatible receiver, "blocks" for Slack's layout) and a Microsoft Teams webhook (a message with one Adaptive
/// Card attachment, https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
/// </summary>
public static class NotificationPayloads
{
    public const string WebhookApiVersion = "gitopsagent.io/v1alpha1";

    public static JsonObject Webhook(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JsonObject
        {
            ["apiVersion"] = WebhookApiVersion,
            ["kind"] = "NotificationEvent",
            ["event"] = message.Transition.Event.ToString(),
            ["severity"] = message.Transition.Severity.ToString().ToLowerInvariant(),
            ["application"] = new JsonObject { ["namespace"] = message.Namespace, ["name"] = message.Application },
            ["revision"] = message.Transition.Revision,
            ["reason"] = message.Transition.Reason,
            ["message"] = message.Text,
            ["repoURL"] = message.RepoUrl,
            ["timestamp"] = message.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["folded"] = new JsonObject
            {
                ["count"] = message.Folded.Count,
                ["events"] = new JsonArray([.. message.Folded.Events.Select(e => (JsonNode)JsonValue.Create(e.ToString()))]),
            },
        };
    }

    public static JsonObject Slack(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = $"{Emoji(message.Transition.Severity)} *{Escape(message.Title)}* {Escape(message.Text)}";
        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "mrkdwn",
                        ["text"] = Escape($"revision {message.ShortRevision} · reason {message.Transition.Reason}" + (message.RepoUrl is { } repo ? $" · {repo}" : "")),
                    }),
                }),
        };
    }

    public static JsonObject Teams(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var facts = new JsonArray(
            Fact("Revision", message.ShortRevision),
            Fact("Reason", message.Transition.Reason));
        if (message.RepoUrl is { } repo)
        {
            facts.Add(Fact("Repository", repo));
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = message.Title,
                    ["weight"] = "Bolder",
                    ["size"] = "Medium",
                    ["color"] = message.Transition.Severity switch { Severity.Error => "Attention", Severity.Warning => "Warning", _ => "Good" },
                },
                new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts }),
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Emoji(Severity severity) => severity switch { Severity.Error => ":x:", Severity.Warning => ":warning:", _ => ":white_check_mark:" };

    /// <summary>Slack's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
