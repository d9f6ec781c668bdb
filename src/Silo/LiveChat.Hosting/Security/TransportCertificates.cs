namespace LiveChat.Hosting.Security;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Runtime;

/// <summary>
/// The certificates <see cref="TransportTlsSettings"/> names, read and checked while the host is
/// configured: a missing, unreadable, key-less or expired file stops the process before it starts,
/// with a message naming the configuration key (never a password).
/// </summary>
public sealed class TransportCertificates
{
    private TransportCertificates(X509Certificate2 local, X509Certificate2Collection roots, X509Certificate2Collection intermediates, TimeSpan? handshakeTimeout)
    {
        Local = local;
        Roots = roots;
        Intermediates = intermediates;
        HandshakeTimeout = handshakeTimeout;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Local { get; }
    /// <summary>The self-signed authorities of the CA bundle: a peer's chain must end at one of them.</summary>
    public X509Certificate2Collection Roots { get; }
    /// <summary>Intermediate authorities of the CA bundle, used to complete a peer's chain.</summary>
    public X509Certificate2Collection Intermediates { get; }
    public TimeSpan? HandshakeTimeout { get; }

    /// <summary>Reads the files of <paramref name="settings"/>; <paramref name="section"/> (e.g. "Silo:Tls") names the keys in errors.</summary>
    public static TransportCertificates Load(TransportTlsSettings settings, string section)
    {
        var local = LoadLocal(settings, section);
        var (roots, intermediates) = LoadAuthorities(settings, section);
        var certificates = new TransportCertificates(local, roots, intermediates, settings.HandshakeTimeout);
        if (!certificates.IsTrusted(local, presentedChain: null))
        {
            throw new OrleansConfigurationException(
                $"{section}:CertificatePath: the certificate '{local.Subject}' is not issued by an authority of {section}:CaCertificatePath, " +
                "so its peers (which trust the same authorities) would refuse it.");
        }
        return certificates;
    }

    /// <summary>
    /// Mutual TLS: a certificate is always presented and always required from the peer (silo or
    /// client), and a peer's certificate is accepted only when it chains to a configured authority.
    /// </summary>
    public void Apply(TlsOptions options)
    {
        options.LocalCertificate = Local;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Replaces the platform's check (system roots and host name): the configured authorities
        // decide, and host names cannot be checked because silos are reached by IP address.
        options.RemoteCertificateValidation = (certificate, chain, _) => IsTrusted(certificate, chain);
        if (HandshakeTimeout is { } timeout) options.HandshakeTimeout = timeout;
    }

    /// <summary>True when <paramref name="certificate"/> is valid now and chains to one of <see cref="Roots"/>.</summary>
    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presentedChain)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Roots);
        chain.ChainPolicy.ExtraStore.AddRange(Intermediates);
        if (presentedChain is not null)
        {
            // Intermediates the peer sent; trust still has to end at a configured root.
            foreach (var element in presentedChain.ChainElements)
            {
                if (!element.Certificate.Equals(certificate)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadLocal(TransportTlsSettings settings, string section)
    {
        var path = RequireFile(settings.CertificatePath, $"{section}:CertificatePath", "this process's certificate (PKCS#12, or PEM with KeyPath)", section);
        X509Certificate2 certificate;
        try
        {
            if (!string.IsNullOrWhiteSpace(settings.KeyPath) || IsPem(path))
            {
                var keyPath = string.IsNullOrWhiteSpace(settings.KeyPath)
                    ? path
                    : RequireFile(settings.KeyPath, $"{section}:KeyPath", "the PEM private key of CertificatePath", section);
                using var pem = string.IsNullOrEmpty(settings.Password)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, settings.Password, keyPath);
                // A PEM key is an ephemeral key; TLS servers need it as a persisted (PKCS#12) one.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            else
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password);
            }
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that is not the certificate's.
            throw new OrleansConfigurationException(
                $"{section}:CertificatePath '{path}' could not be read as a certificate with its private key " +
                $"(a wrong {section}:Password, a key that does not match, or not a PKCS#12/PEM file): {error.Message}", error);
        }
        if (!certificate.HasPrivateKey)
            throw new OrleansConfigurationException($"{section}:CertificatePath '{path}' holds no private key: give the key in {section}:KeyPath.");
        var now = DateTime.Now;
        if (certificate.NotAfter < now || certificate.NotBefore > now)
        {
            throw new OrleansConfigurationException(
                $"{section}:CertificatePath '{path}': the certificate is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now.");
        }
        return certificate;
    }

    private static (X509Certificate2Collection Roots, X509Certificate2Collection Intermediates) LoadAuthorities(TransportTlsSettings settings, string section)
    {
        var path = RequireFile(settings.CaCertificatePath, $"{section}:CaCertificatePath",
            "the PEM bundle of authorities peers' certificates must chain to (accepting any certificate is not offered)", section);
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (CryptographicException error)
        {
            throw new OrleansConfigurationException($"{section}:CaCertificatePath '{path}' is not a PEM certificate bundle: {error.Message}", error);
        }
        if (bundle.Count == 0)
            throw new OrleansConfigurationException($"{section}:CaCertificatePath '{path}' holds no PEM certificate.");
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var authority in bundle)
        {
            if (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData)) roots.Add(authority);
            else intermediates.Add(authority);
        }
        if (roots.Count == 0)
            throw new OrleansConfigurationException($"{section}:CaCertificatePath '{path}' holds no self-signed (root) authority to trust.");
        return (roots, intermediates);
    }

    private static string RequireFile(string? path, string key, string what, string section)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new OrleansConfigurationException($"{section}:Enabled=true needs {key}: {what}.");
        if (!File.Exists(path))
            throw new OrleansConfigurationException($"{key} '{path}' does not exist (is the certificate secret mounted?).");
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OrleansConfigurationException($"{key} '{path}' cannot be read: {error.Message}", error);
        }
        return path;
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[4096];
        var read = reader.Read(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
