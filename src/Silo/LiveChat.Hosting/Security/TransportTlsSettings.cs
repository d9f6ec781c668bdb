namespace LiveChat.Hosting.Security;

/// <summary>
/// TLS on Orleans connections (section "Silo:Tls" for silo-to-silo and client-to-silo traffic,
/// "Gateway:Cluster:Tls" for a gateway in client mode). Always mutual: each side presents a
/// certificate and accepts only a peer whose certificate chains to one of the authorities in
/// <see cref="CaCertificatePath"/>. Host names are not checked (silos advertise IP addresses);
/// the issuing authority is what is trusted, so it should issue certificates to this cluster only.
/// </summary>
public sealed class TransportTlsSettings
{
    /// <summary>Off by default (the embedded one-process default needs no network security).</summary>
    public bool Enabled { get; set; }

    /// <summary>This process's certificate: a PKCS#12 file (.pfx/.p12), or a PEM certificate (with its key in <see cref="KeyPath"/> or in the same file).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/> (e.g. tls.key of a Kubernetes TLS secret).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM key; from a secret, never a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>PEM bundle of the authorities whose certificates peers must present (e.g. ca.crt of the secret). Required when enabled.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>How long a TLS handshake may take; empty: Orleans' default (10 s).</summary>
    public TimeSpan? HandshakeTimeout { get; set; }
}
