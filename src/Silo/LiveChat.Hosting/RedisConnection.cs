namespace LiveChat.Hosting;

using Orleans.Runtime;
using StackExchange.Redis;

/// <summary>
/// Turns <see cref="RedisSettings"/> into StackExchange.Redis options for clustering, grain state
/// and reminders alike, so operators never hand-build a connection string with a password in it.
/// Checked while the host is configured: a missing CA or client certificate file stops the process
/// before it starts. A wrong password fails the silo's (or gateway's) start, when Orleans first connects.
/// </summary>
public static class RedisConnection
{
    /// <summary>A fresh <see cref="ConfigurationOptions"/> for <paramref name="redis"/>; <paramref name="section"/> (e.g. "Silo:Redis") names keys in errors.</summary>
    public static ConfigurationOptions Options(RedisSettings redis, string section, string because)
    {
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
            throw new OrleansConfigurationException($"{because} needs {section}:ConnectionString (e.g. 127.0.0.1:6379).");
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(redis.ConnectionString);
        }
        catch (ArgumentException error)
        {
            // The message of a bad string may quote it; it can hold a password, so it is not repeated.
            throw new OrleansConfigurationException($"{section}:ConnectionString is not a valid StackExchange.Redis configuration string.", error);
        }
        if (!string.IsNullOrEmpty(redis.Password)) options.Password = redis.Password;
        if (!string.IsNullOrEmpty(redis.User)) options.User = redis.User;
        if (redis.UseTls)
        {
            options.Ssl = true;
            if (!string.IsNullOrWhiteSpace(redis.TlsHost)) options.SslHost = redis.TlsHost;
            if (!string.IsNullOrWhiteSpace(redis.CaCertificatePath))
                options.TrustIssuer(RequireFile(redis.CaCertificatePath, $"{section}:CaCertificatePath"));
            if (!string.IsNullOrWhiteSpace(redis.ClientCertificatePath) || !string.IsNullOrWhiteSpace(redis.ClientKeyPath))
            {
                options.SetUserPemCertificate(
                    RequireFile(redis.ClientCertificatePath, $"{section}:ClientCertificatePath"),
                    RequireFile(redis.ClientKeyPath, $"{section}:ClientKeyPath"));
            }
        }
        else if (!string.IsNullOrWhiteSpace(redis.CaCertificatePath) || !string.IsNullOrWhiteSpace(redis.ClientCertificatePath))
        {
            throw new OrleansConfigurationException($"{section}: certificate files are set but {section}:UseTls is not true.");
        }
        return options;
    }

    private static string RequireFile(string? path, string key)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new OrleansConfigurationException($"{key} is needed here.");
        if (!File.Exists(path)) throw new OrleansConfigurationException($"{key} '{path}' does not exist.");
        return path;
    }
}
