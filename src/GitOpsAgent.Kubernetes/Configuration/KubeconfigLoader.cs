using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Reads kubeconfig files the way kubectl merges them: for clusters, users and contexts the first file defining a name
/// wins, and so does the first non-empty current-context. Relative file references resolve against their own file.
/// </summary>
internal static class KubeconfigLoader
{
    public static KubernetesClientConfiguration Load(IReadOnlyList<string> files, string? context)
    {
        var clusters = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var users = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? currentContext = null;
        foreach (var file in files)
        {
            var root = Parse(file);
            var directory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
            AddNamed(root, "clusters", "cluster", clusters, directory);
            AddNamed(root, "users", "user", users, directory);
            AddNamed(root, "contexts", "context", contexts, directory);
            if (string.IsNullOrEmpty(currentContext))
            {
                currentContext = root.GetStringAt("current-context");
            }
        }

        var where = string.Join(", ", files);
        var contextName = string.IsNullOrEmpty(context) ? currentContext : context;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubernetesConfigException($"kubeconfig {where}: no context given and no current-context set");
        }

        if (!contexts.TryGetValue(contextName, out var contextEntry))
        {
            throw new KubernetesConfigException($"kubeconfig {where}: context \"{contextName}\" not found");
        }

        var clusterName = contextEntry.GetStringAt("cluster") ?? "";
        if (!clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubernetesConfigException($"kubeconfig {where}: cluster \"{clusterName}\" of context \"{contextName}\" not found");
        }

        var userName = contextEntry.GetStringAt("user");
        var user = userName is not null && users.TryGetValue(userName, out var u) ? u : new JsonObject();
        var source = $"kubeconfig {where} (context {contextName})";
        return Build(cluster, user, contextEntry, contextName, source);
    }

    private static KubernetesClientConfiguration Build(JsonObject cluster, JsonObject user, JsonObject context, string contextName, string source)
    {
        var server = cluster.GetStringAt("server");
        if (string.IsNullOrEmpty(server) || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
        {
            throw new KubernetesConfigException($"{source}: the cluster has no valid server URL");
        }

        var ns = context.GetStringAt("namespace");
        return new KubernetesClientConfiguration
        {
            Server = serverUri,
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            CertificateAuthorityPem = ReadPem(cluster, "certificate-authority-data", "certificate-authority", source),
            InsecureSkipTlsVerify = cluster.GetBoolAt("insecure-skip-tls-verify") ?? false,
            Token = NullIfEmpty(user.GetStringAt("token")),
            TokenFile = NullIfEmpty(user.GetStringAt("tokenFile")),
            ClientCertificatePem = ReadPem(user, "client-certificate-data", "client-certificate", source),
            ClientKeyPem = ReadPem(user, "client-key-data", "client-key", source),
            Username = NullIfEmpty(user.GetStringAt("username")),
            Password = NullIfEmpty(user.GetStringAt("password")),
            Exec = ReadExec(user.GetObjectAt("exec"), source),
            Source = source,
            ContextName = contextName,
        };
    }

    private static ExecCredentialConfig? ReadExec(JsonObject? exec, string source)
    {
        if (exec is null)
        {
            return null;
        }

        var command = exec.GetStringAt("command");
        if (string.IsNullOrEmpty(command))
        {
            throw new KubernetesConfigException($"{source}: exec plugin has no command");
        }

        var args = exec.GetArrayAt("args")?.Select(a => a?.ToString() ?? "").ToList() ?? [];
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in exec.GetArrayAt("env")?.OfType<JsonObject>() ?? [])
        {
            if (item.GetStringAt("name") is { } name)
            {
                env[name] = item.GetStringAt("value") ?? "";
            }
        }

        var apiVersion = exec.GetStringAt("apiVersion") ?? "client.authentication.k8s.io/v1";
        return new ExecCredentialConfig(apiVersion, command, args, env);
    }

    /// <summary>Inline base64 data wins over a file reference, as in kubectl.</summary>
    private static string? ReadPem(JsonObject entry, string dataKey, string fileKey, string source)
    {
        if (NullIfEmpty(entry.GetStringAt(dataKey)) is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException ex)
            {
                throw new KubernetesConfigException($"{source}: {dataKey} is not valid base64", ex);
            }
        }

        if (NullIfEmpty(entry.GetStringAt(fileKey)) is { } file)
        {
            if (!File.Exists(file))
            {
                throw new KubernetesConfigException($"{source}: {fileKey} file {file} does not exist");
            }

            return File.ReadAllText(file);
        }

        return null;
    }

    private static JsonObject Parse(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            throw new KubernetesConfigException($"cannot read kubeconfig {file}: {ex.Message}", ex);
        }

        try
        {
            var documents = YamlDocumentReader.Read(text, file);
            return documents.Count > 0 && documents[0].Root is JsonObject root ? root : new JsonObject();
        }
        catch (ManifestParseException ex)
        {
            throw new KubernetesConfigException($"kubeconfig {file} is not valid YAML: {ex.Message}", ex);
        }
    }

    private static void AddNamed(JsonObject root, string listKey, string entryKey, Dictionary<string, JsonObject> into, string directory)
    {
        foreach (var item in root.GetArrayAt(listKey)?.OfType<JsonObject>() ?? [])
        {
            var name = item.GetStringAt("name");
            if (name is null || into.ContainsKey(name) || item[entryKey] is not JsonObject entry)
            {
                continue;
            }

            var copy = entry.DeepClone().AsObject();
            ResolvePaths(copy, directory);
            into[name] = copy;
        }
    }

    private static void ResolvePaths(JsonObject entry, string directory)
    {
        foreach (var key in new[] { "certificate-authority", "client-certificate", "client-key", "tokenFile" })
        {
            if (entry.GetStringAt(key) is { Length: > 0 } path && !Path.IsPathRooted(path))
            {
                entry[key] = Path.GetFullPath(Path.Combine(directory, path));
            }
        }

        // kubectl resolves a relative exec command only when it names a path, not a bare program on PATH.
        if (entry.GetObjectAt("exec") is { } exec && exec.GetStringAt("command") is { } command
            && command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command))
        {
            exec["command"] = Path.GetFullPath(Path.Combine(directory, command));
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
