using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>Sends a signed GitHub push event to the controller's /api/webhook, as GitHub would after a push.</summary>
public sealed class GitHubWebhook(Uri controller, string secret) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = controller, Timeout = TimeSpan.FromSeconds(30) };

    public async Task PushAsync(string repoUrl, string sha)
    {
        var payload = $$$"""{"ref":"refs/heads/main","after":"{{{sha}}}","repository":{"clone_url":"{{{repoUrl}}}","html_url":"{{{repoUrl}}}","ssh_url":"{{{repoUrl}}}"}}""";
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        content.Headers.Add("X-GitHub-Event", "push");
        content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))));
        using var response = await _http.PostAsync("/api/webhook", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
