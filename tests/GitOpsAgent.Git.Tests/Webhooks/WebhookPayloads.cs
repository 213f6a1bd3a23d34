using System.Security.Cryptography;
using System.Text;

namespace GitOpsAgent.Git.Tests.Webhooks;

/// <summary>Trimmed but realistic push payloads as each provider sends them, and signing helpers.</summary>
internal static class WebhookPayloads
{
    public const string After = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    public const string GitHubPush = $$"""
        {
          "ref": "refs/heads/main",
          "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
          "after": "{{After}}",
          "repository": {
            "id": 186853002,
            "name": "guestbook",
            "full_name": "acme/guestbook",
            "private": false,
            "html_url": "https://github.com/acme/guestbook",
            "url": "https://github.com/acme/guestbook",
            "git_url": "git://github.com/acme/guestbook.git",
            "ssh_url": "git@github.com:acme/guestbook.git",
            "clone_url": "https://github.com/acme/guestbook.git",
            "default_branch": "main"
          },
          "pusher": { "name": "octocat", "email": "octocat@github.com" },
          "head_commit": { "id": "{{After}}", "message": "Update deployment" }
        }
        """;

    public const string GitHubPing = """
        { "zen": "Keep it logically awesome.", "hook_id": 1, "repository": { "html_url": "https://github.com/acme/guestbook" } }
        """;

    public const string GiteaPush = $$"""
        {
          "ref": "refs/heads/main",
          "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
          "after": "{{After}}",
          "compare_url": "https://gitea.example.com/acme/guestbook/compare/9049f12...0d1a26e",
          "repository": {
            "id": 12,
            "name": "guestbook",
            "full_name": "acme/guestbook",
            "html_url": "https://gitea.example.com/acme/guestbook",
            "ssh_url": "ssh://git@gitea.example.com:2222/acme/guestbook.git",
            "clone_url": "https://gitea.example.com/acme/guestbook.git"
          },
          "pusher": { "login": "dev" }
        }
        """;

    public const string GitLabPush = $$"""
        {
          "object_kind": "push",
          "event_name": "push",
          "before": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
          "after": "{{After}}",
          "ref": "refs/heads/main",
          "project": {
            "id": 15,
            "name": "guestbook",
            "web_url": "https://gitlab.example.com/acme/apps/guestbook",
            "git_ssh_url": "git@gitlab.example.com:acme/apps/guestbook.git",
            "git_http_url": "https://gitlab.example.com/acme/apps/guestbook.git",
            "path_with_namespace": "acme/apps/guestbook"
          },
          "repository": {
            "name": "guestbook",
            "url": "git@gitlab.example.com:acme/apps/guestbook.git",
            "homepage": "https://gitlab.example.com/acme/apps/guestbook",
            "git_http_url": "https://gitlab.example.com/acme/apps/guestbook.git",
            "git_ssh_url": "git@gitlab.example.com:acme/apps/guestbook.git"
          },
          "total_commits_count": 1
        }
        """;

    public const string BitbucketCloudPush = $$"""
        {
          "actor": { "display_name": "Dev" },
          "repository": {
            "type": "repository",
            "full_name": "acme/guestbook",
            "name": "guestbook",
            "links": { "html": { "href": "https://bitbucket.org/acme/guestbook" } },
            "scm": "git"
          },
          "push": {
            "changes": [
              {
                "new": { "type": "branch", "name": "main", "target": { "type": "commit", "hash": "{{After}}" } },
                "old": { "type": "branch", "name": "main", "target": { "type": "commit", "hash": "9049f1265b7d61be4a8904a9a27120d2064dab3b" } },
                "created": false,
                "forced": false
              }
            ]
          }
        }
        """;

    public const string BitbucketServerPush = $$"""
        {
          "eventKey": "repo:refs_changed",
          "date": "2026-01-01T10:00:00+0000",
          "actor": { "name": "dev" },
          "repository": {
            "slug": "guestbook",
            "name": "guestbook",
            "project": { "key": "ACME" },
            "links": {
              "clone": [
                { "href": "ssh://git@bitbucket.example.com:7999/acme/guestbook.git", "name": "ssh" },
                { "href": "https://bitbucket.example.com/scm/acme/guestbook.git", "name": "http" }
              ],
              "self": [ { "href": "https://bitbucket.example.com/projects/ACME/repos/guestbook/browse" } ]
            }
          },
          "changes": [
            {
              "ref": { "id": "refs/heads/main", "displayId": "main", "type": "BRANCH" },
              "refId": "refs/heads/main",
              "fromHash": "9049f1265b7d61be4a8904a9a27120d2064dab3b",
              "toHash": "{{After}}",
              "type": "UPDATE"
            }
          ]
        }
        """;

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static string HmacHex(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>The signature (or GitLab token) a provider sends for <paramref name="payload"/> under <paramref name="secret"/>.</summary>
    public static string? Signed(string provider, string payload, string secret) => provider switch
    {
        WebhookParser.GitLab => secret,
        WebhookParser.Gitea => HmacHex(secret, payload),
        _ => "sha256=" + HmacHex(secret, payload),
    };

    /// <summary>The headers a provider sends with an event, and its signature header when given one.</summary>
    public static Dictionary<string, string> Headers(string provider, string eventHeader, string eventValue, string? signature)
    {
        var headers = new Dictionary<string, string> { [eventHeader] = eventValue, ["Content-Type"] = "application/json" };
        switch (provider)
        {
            case WebhookParser.Gitea:
                // Gitea also sends GitHub- and Gogs-style headers; its own must win.
                headers["X-GitHub-Event"] = "push";
                headers["X-Gogs-Event"] = "push";
                break;
            case WebhookParser.Bitbucket:
                headers["X-Hook-UUID"] = "{c0ffee00-1111-2222-3333-444455556666}";
                headers["X-Request-UUID"] = "{aaaa0000-1111-2222-3333-444455556666}";
                break;
            case WebhookParser.BitbucketServer:
                headers["X-Request-Id"] = "a5d6f1a0-0000-1111-2222-333344445555";
                break;
        }

        if (signature is not null)
        {
            var name = provider switch
            {
                WebhookParser.GitHub => "X-Hub-Signature-256",
                WebhookParser.Gitea => "X-Gitea-Signature",
                WebhookParser.GitLab => "X-Gitlab-Token",
                _ => "X-Hub-Signature",
            };
            headers[name] = signature;
        }

        return headers;
    }
}
