using System.Text.Json.Nodes;

namespace GitOpsAgent.TestSupport;

/// <summary>
/// A forge's comment store behind a <see cref="RecordingHttpServer"/>: the authenticated user is id 1, comments
/// (GitHub/Gitea issue comments, GitLab notes) are kept per pull request and answered in the documented shape.
/// Lists are paged as the forges page them. Every request is recorded for the tests to check against the forge's API reference. GitLab's notes name their
/// writer "author", GitHub's and Gitea's comments "user".
/// </summary>
public sealed class FakeForge
{
    public const long OurUserId = 1;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _comments = [];
    private long _nextId = 100;

    public FakeForge(RecordingHttpServer server, bool gitLab, string apiPrefix)
    {
        ArgumentNullException.ThrowIfNull(server);
        GitLab = gitLab;
        ApiPrefix = apiPrefix;
        server.Respond(Handle);
    }

    public bool GitLab { get; }

    public string ApiPrefix { get; }

    public IReadOnlyList<JsonObject> Comments
    {
        get
        {
            lock (_gate)
            {
                return _comments.Select(c => (JsonObject)c.DeepClone()).ToList();
            }
        }
    }

    /// <summary>A comment someone else wrote (it holds our marker: it must be left alone).</summary>
    public void AddForeignComment(string body)
    {
        lock (_gate)
        {
            _comments.Add(Comment(_nextId++, body, userId: 99));
        }
    }

    private RecordedResponse? Handle(RecordedRequest request)
    {
        if (!request.Path.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return new RecordedResponse(404, new JsonObject { ["message"] = "Not Found" });
        }

        var path = request.Path[ApiPrefix.Length..];
        lock (_gate)
        {
            if (path == "/user")
            {
                return new RecordedResponse(200, new JsonObject { ["id"] = OurUserId, ["login"] = "gitops-agent-bot", ["username"] = "gitops-agent-bot" });
            }

            var isList = path.EndsWith("/comments", StringComparison.Ordinal) || path.EndsWith("/notes", StringComparison.Ordinal);
            if (isList && request.Method == "GET")
            {
                // Paged as the forges page: a page size the client asks for (per_page, Gitea's limit), 30 when it asks none.
                var (page, size) = (QueryNumber(request, "page") ?? 1, QueryNumber(request, "per_page") ?? QueryNumber(request, "limit") ?? 30);
                return new RecordedResponse(200, new JsonArray([.. _comments.Skip((page - 1) * size).Take(size).Select(c => c.DeepClone())]));
            }

            if (isList && request.Method == "POST")
            {
                var comment = Comment(_nextId++, request.Json!["body"]!.GetValue<string>(), OurUserId);
                _comments.Add(comment);
                return new RecordedResponse(201, comment.DeepClone());
            }

            if (request.Method is "PATCH" or "PUT")
            {
                var id = long.Parse(path[(path.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                var existing = _comments.Single(c => c["id"]!.GetValue<long>() == id);
                existing["body"] = request.Json!["body"]!.GetValue<string>();
                return new RecordedResponse(200, existing.DeepClone());
            }

            return path.Contains("/statuses", StringComparison.Ordinal) ? new RecordedResponse(201, new JsonObject { ["id"] = 1 }) : new RecordedResponse(404, new JsonObject { ["message"] = "Not Found" });
        }
    }

    private static int? QueryNumber(RecordedRequest request, string name) =>
        request.PathAndQuery.Split('?') is [_, var query]
        && query.Split('&').Select(p => p.Split('=')).FirstOrDefault(p => p.Length == 2 && p[0] == name) is [_, var value]
        && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private JsonObject Comment(long id, string body, long userId)
    {
        var user = new JsonObject { ["id"] = userId, ["login"] = userId == OurUserId ? "gitops-agent-bot" : "someone" };
        return GitLab
            ? new JsonObject { ["id"] = id, ["body"] = body, ["author"] = user, ["system"] = false }
            : new JsonObject { ["id"] = id, ["body"] = body, ["user"] = user, ["html_url"] = $"https://forge.example/comments/{id}" };
    }
}
