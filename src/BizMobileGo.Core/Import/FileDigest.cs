using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace BizMobileGo.Core.Import
{
    public static class FileDigest
    {
        /// <summary>SHA-256 of the stream's bytes as lower-case hex; the stream's position is kept.</summary>
        public static string Sha256(Stream stream)
        {
            long position = stream.Position;
            stream.Position = 0;
            using SHA256 sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(stream);
            stream.Position = position;
            var hex = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }
    }
}
