using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using GitOpsAgent.Core.Notifications;
using GitOpsAgent.Forges;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Notifications;

/// <summary>
/// Sends one message through one provider. Webhook: our JSON body (docs/notifications.md) with
/// X-GitOpsAgent-Event, X-GitOpsAgent-Delivery and, with a signingKey, X-GitOpsAgent-Signature-256
/// ("sha256=" + hex HMAC-SHA256 of the body, as GitHub signs its webhooks). Slack and Teams: their webhook bodies.
/// Forges: a commit status on the commit the transition concerns, context "gitops-agent/NAMESPACE/APPLICATION".
/// </summary>
public sealed class NotificationSender(OutboundHttp http)
{
    public const string EventHeader = "X-GitOpsAgent-Event";
    public const string DeliveryHeader = "X-GitOpsAgent-Delivery";
    public const string SignatureHeader = "X-GitOpsAgent-Signature-256";

    /// <returns>False when the provider has nothing to say about this transition (a commit status for drift).</returns>
    /// <exception cref="OutboundRequestException">The provider refused the message or did not answer.</exception>
    public async Task<bool> SendAsync(NotificationMessage message, ProviderSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Type)
        {
            case "Webhook":
                var body = Encoding.UTF8.GetBytes(NotificationPayloads.Webhook(message).ToJsonString());
                await http.SendAsync(HttpMethod.Post, settings.Address!, body, headers =>
                {
                    headers.Add(EventHeader, message.Transition.Event.ToString());
                    headers.Add(DeliveryHeader, Guid.NewGuid().ToString());
                    if (settings.SigningKey is { Length: > 0 } key)
                    {
                        headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body)));
                    }

                    if (settings.Token is { Length: > 0 } token)
                    {
                        headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }
                }, showPath: false, ct);
                return true;
            case "Slack":
                await http.SendJsonAsync(HttpMethod.Post, settings.Address!, NotificationPayloads.Slack(message), null, showPath: false, ct);
                return true;
            case "Teams":
                await http.SendJsonAsync(HttpMethod.Post, settings.Address!, NotificationPayloads.Teams(message), null, showPath: false, ct);
                return true;
            default:
                return await SetCommitStatusAsync(message, settings, ct);
        }
    }

    private async Task<bool> SetCommitStatusAsync(NotificationMessage message, ProviderSettings settings, CancellationToken ct)
    {
        // Drift is not the commit's doing; a commit status about it would mark a good commit red.
        if (message.Transition.Event == NotificationEvent.DriftDetected || message.Transition.Revision is not { } sha || message.RepoUrl is not { } repoUrl)
        {
            return false;
        }

        var kind = Enum.Parse<ForgeKind>(settings.Type);
        var api = settings.Address ?? ForgeAddress.ApiBase(kind, ForgeAddress.WebUrl(repoUrl));
        var client = ForgeClients.Create(kind, http, api, settings.Token!, settings.Username);
        var state = message.Transition.Event is NotificationEvent.Synced or NotificationEvent.Recovered ? CommitState.Success : CommitState.Failure;
        var context = string.Create(CultureInfo.InvariantCulture, $"gitops-agent/{message.Namespace}/{message.Application}");
        await client.SetCommitStatusAsync(ForgeAddress.RepositoryPath(repoUrl), sha, new CommitStatus(state, context, message.Text, null), ct);
        return true;
    }
}
