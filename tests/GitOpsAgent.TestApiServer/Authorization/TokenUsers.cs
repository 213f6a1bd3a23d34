using System.Collections.Concurrent;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// Bearer tokens and the users they authenticate, as a static token file does on a real server. The server's own
/// token (<see cref="TestApiServerOptions.Token"/>) and a request without credentials are <see cref="UserInfo.Admin"/>,
/// so tests that do not care about RBAC keep full rights; any other unregistered token is 401.
/// </summary>
public sealed class TokenUsers(string adminToken)
{
    private readonly ConcurrentDictionary<string, UserInfo> _users = new(StringComparer.Ordinal);

    public void Add(string token, string user, params string[] groups)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _users[token] = new UserInfo(user, groups.Contains(UserInfo.Authenticated) ? groups : [.. groups, UserInfo.Authenticated]);
    }

    /// <summary>A token for ServiceAccount <paramref name="ns"/>/<paramref name="name"/> (its user name and groups).</summary>
    public void AddServiceAccount(string token, string ns, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _users[token] = UserInfo.ServiceAccount(ns, name);
    }

    /// <summary>The user of an Authorization header value; null when it names a token nobody registered.</summary>
    internal UserInfo? Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return UserInfo.Admin;
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        return token == adminToken ? UserInfo.Admin : token is not null && _users.TryGetValue(token, out var user) ? user : null;
    }
}
