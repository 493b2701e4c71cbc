using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TestKit;

/// <summary>
/// The self-signed server certificate of the kit's TLS servers (CN=localhost, SAN localhost and 127.0.0.1), made
/// once per test host so every TLS node of a cluster presents the same certificate and a test trusts one pin.
/// </summary>
internal sealed class TestCertificate
{
    private static readonly Lazy<TestCertificate> s_localhost = new(Create);

    private TestCertificate(X509Certificate2 publicCertificate, string certificatePem, string privateKeyPem)
    {
        PublicCertificate = publicCertificate;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
    }

    public static TestCertificate Localhost => s_localhost.Value;

    /// <summary>The certificate without its private key: what clients pin or trust.</summary>
    public X509Certificate2 PublicCertificate { get; }

    public string CertificatePem { get; }

    public string PrivateKeyPem { get; }

    /// <summary>Writes cert.pem and key.pem into <paramref name="directory"/> and returns their paths.</summary>
    public (string CertificateFile, string KeyFile) WritePemFiles(string directory)
    {
        string certificateFile = Path.Combine(directory, "cert.pem");
        string keyFile = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificateFile, CertificatePem);
        File.WriteAllText(keyFile, PrivateKeyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return (certificateFile, keyFile);
    }

    private static TestCertificate Create()
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new TestCertificate(
            X509CertificateLoader.LoadCertificate(withKey.RawData),
            withKey.ExportCertificatePem(),
            key.ExportPkcs8PrivateKeyPem());
    }
}
