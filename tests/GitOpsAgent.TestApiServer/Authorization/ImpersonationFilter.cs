using Microsoft.AspNetCore.Http;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// The impersonation headers, handled as the real server's filter does (apiserver endpoints/filters/impersonation.go):
/// each header line is one value (a comma-joined line is one group); the caller needs the <c>impersonate</c> verb on
/// every identity asked for (a ServiceAccount user on <c>serviceaccounts</c> in its namespace, any other user on
/// <c>users</c>, each group on <c>groups</c>, a uid on <c>uids</c>, each extra on <c>userextras/KEY</c> of
/// authentication.k8s.io); a 403 names the first one refused. A ServiceAccount impersonated without groups gets its
/// own groups, and every impersonated user gets system:authenticated.
/// </summary>
public static class ImpersonationFilter
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";

    public static UserInfo Apply(IHeaderDictionary headers, UserInfo caller, RbacAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(authorizer);
        var user = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => g is not null).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extras = headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => (Key: Uri.UnescapeDataString(h.Key[ExtraPrefix.Length..]).ToLowerInvariant(), Value: v ?? "")))
            .ToList();
        if (user.Length == 0)
        {
            if (groups.Count > 0 || extras.Count > 0 || uid.Length > 0)
            {
                // The real filter answers this with an internal error, not a 400.
                throw new ApiException(500, "InternalError", "Internal error occurred: requested impersonation of groups, extras or a uid without impersonating a user");
            }

            return caller;
        }

        var serviceAccount = UserInfo.SplitServiceAccount(user);
        var checks = new List<RequestAttributes>
        {
            serviceAccount is { } sa
                ? RequestAttributes.ForResource(caller, "impersonate", "", "serviceaccounts", ns: sa.Namespace, name: sa.Name)
                : RequestAttributes.ForResource(caller, "impersonate", "", "users", name: user),
        };
        checks.AddRange(groups.Select(g => RequestAttributes.ForResource(caller, "impersonate", "", "groups", name: g)));
        checks.AddRange(extras.Select(e => RequestAttributes.ForResource(caller, "impersonate", "authentication.k8s.io", "userextras", e.Key, name: e.Value)));
        if (uid.Length > 0)
        {
            checks.Add(RequestAttributes.ForResource(caller, "impersonate", "authentication.k8s.io", "uids", name: uid));
        }

        foreach (var check in checks)
        {
            if (authorizer.Authorize(check) is { Allowed: false } denied)
            {
                throw ForbiddenError.For(check, denied.Reason);
            }
        }

        var effective = groups.Count == 0 && serviceAccount is { } account ? UserInfo.ServiceAccount(account.Namespace, account.Name).Groups.ToList() : groups;
        if (!effective.Contains(UserInfo.Authenticated) && !effective.Contains("system:unauthenticated"))
        {
            effective.Add(UserInfo.Authenticated);
        }

        return new UserInfo(user, effective);
    }
}
