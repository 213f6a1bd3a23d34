namespace GitOpsAgent.Git.Tests.Webhooks;

/// <summary>
/// Trimmed pull-request payloads as each provider documents them: GitHub's pull_request event
/// (https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request), Gitea's (the same shape, action
/// "synchronized", modules/structs/hook.go), GitLab's Merge Request Hook
/// (https://docs.gitlab.com/ee/user/project/integrations/webhook_events.html#merge-request-events).
/// </summary>
internal static class PullRequestPayloads
{
    public const string Head = "5f2c6a1d9e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c";
    public const string BaseSha = "9049f1265b7d61be4a8904a9a27120d2064dab3b";

    public static string GitHub(string action = "synchronize") => $$"""
        {
          "action": "{{action}}",
          "number": 42,
          "pull_request": {
            "number": 42,
            "state": "open",
            "html_url": "https://github.com/acme/guestbook/pull/42",
            "head": { "ref": "feature", "sha": "{{Head}}", "repo": { "full_name": "someone/guestbook-fork" } },
            "base": { "ref": "main", "sha": "{{BaseSha}}", "repo": { "full_name": "acme/guestbook" } }
          },
          "repository": {
            "full_name": "acme/guestbook",
            "html_url": "https://github.com/acme/guestbook",
            "clone_url": "https://github.com/acme/guestbook.git",
            "ssh_url": "git@github.com:acme/guestbook.git",
            "url": "https://api.github.com/repos/acme/guestbook"
          },
          "sender": { "login": "someone" }
        }
        """;

    public static string Gitea(string action = "synchronized") => $$"""
        {
          "action": "{{action}}",
          "number": 7,
          "pull_request": {
            "number": 7,
            "html_url": "https://gitea.example.com/acme/guestbook/pulls/7",
            "head": { "ref": "feature", "sha": "{{Head}}" },
            "base": { "ref": "main", "sha": "{{BaseSha}}" }
          },
          "repository": {
            "full_name": "acme/guestbook",
            "html_url": "https://gitea.example.com/acme/guestbook",
            "clone_url": "https://gitea.example.com/acme/guestbook.git",
            "ssh_url": "ssh://git@gitea.example.com:2222/acme/guestbook.git"
          }
        }
        """;

    public static string GitLab(string action = "update", bool withOldrev = true) => $$"""
        {
          "object_kind": "merge_request",
          "event_type": "merge_request",
          "project": {
            "id": 15,
            "path_with_namespace": "acme/apps/guestbook",
            "web_url": "https://gitlab.example.com/acme/apps/guestbook",
            "git_http_url": "https://gitlab.example.com/acme/apps/guestbook.git",
            "git_ssh_url": "git@gitlab.example.com:acme/apps/guestbook.git"
          },
          "object_attributes": {
            "iid": 3,
            "action": "{{action}}",
            "state": "opened",
            "source_branch": "feature",
            "target_branch": "main",
            {{(withOldrev ? "\"oldrev\": \"" + BaseSha + "\"," : "")}}
            "url": "https://gitlab.example.com/acme/apps/guestbook/-/merge_requests/3",
            "last_commit": { "id": "{{Head}}", "message": "new image" }
          }
        }
        """;
}
