namespace LiveChat.Testing.Processes;

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiveChat.Hosting.Security;

/// <summary>
/// A certificate authority made up for one test run, and certificates it issues, written as PEM
/// files into a temp folder (deleted on dispose): what a Kubernetes TLS secret would mount
/// (ca.crt, tls.crt, tls.key). Valid for localhost and 127.0.0.1, usable as TLS server and client.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    private TestCertificates(string name, X509Certificate2 authority, string folder)
    {
        _authority = authority;
        Folder = folder;
        CaPath = Path.Combine(folder, $"{name}-ca.crt");
        File.WriteAllText(CaPath, authority.ExportCertificatePem());
    }

    public string Folder { get; }
    /// <summary>The authority's certificate (PEM), what peers are told to trust.</summary>
    public string CaPath { get; }

    /// <summary>A new authority named <paramref name="name"/>, with its files in a fresh temp folder.</summary>
    public static TestCertificates CreateAuthority(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "livechat-certs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TestCertificates(name, authority, folder);
    }

    /// <summary>Issues a certificate for <paramref name="name"/>; returns its PEM certificate and key paths.</summary>
    public (string CertificatePath, string KeyPath) Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, true, false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var certificate = request.Create(_authority, DateTimeOffset.UtcNow.AddMinutes(-5), new DateTimeOffset(_authority.NotAfter.ToUniversalTime()).AddMinutes(-1), serial);
        var certificatePath = Path.Combine(Folder, $"{name}.crt");
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Mutual TLS with a new certificate for <paramref name="name"/> issued by this authority, trusting this authority.</summary>
    public TransportTlsSettings Tls(string name)
    {
        var (certificate, key) = Issue(name);
        return new TransportTlsSettings { Enabled = true, CertificatePath = certificate, KeyPath = key, CaCertificatePath = CaPath };
    }

    /// <summary><paramref name="tls"/> as environment variables under <paramref name="prefix"/> (e.g. "Silo__Tls").</summary>
    public static Dictionary<string, string> Environment(TransportTlsSettings tls, string prefix = "Silo__Tls") => new()
    {
        [$"{prefix}__Enabled"] = tls.Enabled ? "true" : "false",
        [$"{prefix}__CertificatePath"] = tls.CertificatePath ?? "",
        [$"{prefix}__KeyPath"] = tls.KeyPath ?? "",
        [$"{prefix}__CaCertificatePath"] = tls.CaCertificatePath ?? "",
    };

    public void Dispose()
    {
        _authority.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
