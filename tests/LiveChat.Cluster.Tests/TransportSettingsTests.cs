namespace LiveChat.Cluster.Tests;

using System.Security.Cryptography.X509Certificates;
using LiveChat.Hosting;
using LiveChat.Hosting.Security;
using Orleans.Runtime;

/// <summary>
/// Silo:Tls and Silo:Redis read without starting anything: each misconfiguration stops the host at
/// configuration with a message naming the key (never a password), and the Redis keys become the
/// StackExchange.Redis options every provider gets.
/// </summary>
public sealed class TransportSettingsTests : IDisposable
{
    private readonly TestCertificates _authority = TestCertificates.CreateAuthority("livechat");
    private readonly TestCertificates _stranger = TestCertificates.CreateAuthority("stranger");

    public void Dispose()
    {
        _authority.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public void PEM_and_PKCS12_certificates_of_the_authority_load_and_peers_are_checked_against_it()
    {
        var pem = TransportCertificates.Load(_authority.Tls("silo"), "Silo:Tls");
        Assert.True(pem.Local.HasPrivateKey);

        var pfx = Path.Combine(_authority.Folder, "silo.pfx");
        var tls = _authority.Tls("pfx");
        using (var certificate = X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath))
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        var fromPfx = TransportCertificates.Load(new TransportTlsSettings
        {
            Enabled = true, CertificatePath = pfx, Password = "pfx-password", CaCertificatePath = _authority.CaPath,
        }, "Silo:Tls");
        Assert.True(fromPfx.Local.HasPrivateKey);

        var stranger = TransportCertificates.Load(_stranger.Tls("intruder"), "Silo:Tls").Local;
        Assert.True(pem.IsTrusted(fromPfx.Local, null));
        Assert.False(pem.IsTrusted(stranger, null));
    }

    [Fact]
    public void Each_TLS_misconfiguration_stops_the_host_naming_the_key()
    {
        var good = _authority.Tls("silo");
        Fails(new TransportTlsSettings { Enabled = true, CaCertificatePath = good.CaCertificatePath }, "Silo:Tls:CertificatePath");
        Fails(Copy(good, t => t.CaCertificatePath = null), "Silo:Tls:CaCertificatePath");
        Fails(Copy(good, t => t.KeyPath = Path.Combine(_authority.Folder, "absent.key")), "Silo:Tls:KeyPath");
        // A key that is not the certificate's.
        Fails(Copy(good, t => t.KeyPath = _authority.Tls("other").KeyPath), "Silo:Tls:CertificatePath");
        // A CA file that is not PEM.
        var notPem = Path.Combine(_authority.Folder, "not-a-ca.crt");
        File.WriteAllText(notPem, "hello");
        Fails(Copy(good, t => t.CaCertificatePath = notPem), "Silo:Tls:CaCertificatePath");
        // Its own certificate not issued by the authority it trusts.
        Fails(Copy(good, t => t.CaCertificatePath = _stranger.CaPath), "Silo:Tls:CertificatePath");
        // A wrong PKCS#12 password: named, not shown.
        var pfx = Path.Combine(_authority.Folder, "wrong.pfx");
        using (var certificate = X509Certificate2.CreateFromPemFile(good.CertificatePath!, good.KeyPath))
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "right-password"));
        var error = Fails(new TransportTlsSettings { Enabled = true, CertificatePath = pfx, Password = "wrong-password-1b", CaCertificatePath = good.CaCertificatePath },
            "Silo:Tls:Password");
        Assert.DoesNotContain("wrong-password-1b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_password_and_TLS_keys_become_the_providers_options()
    {
        var options = RedisConnection.Options(new RedisSettings
        {
            ConnectionString = "redis:6379,password=old",
            Password = "from-the-secret",
            User = "livechat",
            UseTls = true,
            TlsHost = "redis.internal",
            CaCertificatePath = _authority.CaPath,
        }, "Silo:Redis", "test");
        Assert.Equal(("from-the-secret", "livechat", true, "redis.internal"), (options.Password, options.User, options.Ssl, options.SslHost));

        Assert.Contains("Silo:Redis:CaCertificatePath", Assert.Throws<OrleansConfigurationException>(() => RedisConnection.Options(
            new RedisSettings { ConnectionString = "redis:6379", UseTls = true, CaCertificatePath = "/nowhere/ca.crt" }, "Silo:Redis", "test")).Message, StringComparison.Ordinal);
        Assert.Contains("Silo:Redis:UseTls", Assert.Throws<OrleansConfigurationException>(() => RedisConnection.Options(
            new RedisSettings { ConnectionString = "redis:6379", CaCertificatePath = _authority.CaPath }, "Silo:Redis", "test")).Message, StringComparison.Ordinal);
        var bad = Assert.Throws<OrleansConfigurationException>(() => RedisConnection.Options(
            new RedisSettings { ConnectionString = "redis:6379,password=hunter2-secret,nonsense=1" }, "Silo:Redis", "test"));
        Assert.DoesNotContain("hunter2-secret", bad.Message, StringComparison.Ordinal);
    }

    private static OrleansConfigurationException Fails(TransportTlsSettings settings, string key)
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => TransportCertificates.Load(settings, "Silo:Tls"));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static TransportTlsSettings Copy(TransportTlsSettings tls, Action<TransportTlsSettings> change)
    {
        var copy = new TransportTlsSettings
        {
            Enabled = tls.Enabled, CertificatePath = tls.CertificatePath, KeyPath = tls.KeyPath,
            Password = tls.Password, CaCertificatePath = tls.CaCertificatePath,
        };
        change(copy);
        return copy;
    }
}
