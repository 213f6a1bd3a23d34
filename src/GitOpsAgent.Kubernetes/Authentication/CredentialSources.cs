using System.Net.Http.Headers;
using System.Text;

namespace GitOpsAgent.Kubernetes;

/// <summary>Picks the credential source for a configuration: token file, token, exec plugin, basic auth, or none.</summary>
internal static class CredentialSources
{
    public static ICredentialSource Create(KubernetesClientConfiguration config, TimeProvider time)
    {
        if (config.TokenFile is not null)
        {
            return new TokenFileCredentials(config.TokenFile, config.TokenFileRefreshInterval, time);
        }

        if (config.Token is not null)
        {
            return new FixedCredentials(new AuthenticationHeaderValue("Bearer", config.Token));
        }

        if (config.Exec is not null)
        {
            return new ExecCredentials(config.Exec, time);
        }

        if (config.Username is not null)
        {
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.Username}:{config.Password}"));
            return new FixedCredentials(new AuthenticationHeaderValue("Basic", pair));
        }

        return new NoCredentials();
    }
}
