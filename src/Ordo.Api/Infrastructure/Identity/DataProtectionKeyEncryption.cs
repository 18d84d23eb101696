using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Data Protection keys live in the database, shared by every instance; their secret parts are encrypted there with
/// the PII keys (AES-256-GCM), so a database dump alone cannot forge cookies or reset tokens.
/// </summary>
/// <remarks>The protector is resolved on first use, so start-up validation reports missing PII keys in its own order.</remarks>
public sealed class DataProtectionKeyEncryptor(IServiceProvider services) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var protector = services.GetRequiredService<IFieldProtector>();
        var encrypted = new XElement("encryptedKey", protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(encrypted, typeof(DataProtectionKeyDecryptor));
    }
}

public sealed class DataProtectionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        return XElement.Parse(services.GetRequiredService<IFieldProtector>().Unprotect(encryptedElement.Value));
    }
}
