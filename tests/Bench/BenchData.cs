using System;
using System.IO;
using System.Text;

namespace BizMobileGo.Bench
{
    /// <summary>Writes the benchmark's CSV files: deterministic, every column filled, every value valid.</summary>
    public static class BenchData
    {
        public const string Header = "UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod";

        /// <summary>Row i of the data set; with <paramref name="changed"/>, even rows carry a new DisplayName.</summary>
        public static void Write(string path, int rows, bool changed)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            writer.Write(Header);
            writer.Write("\r\n");
            var line = new StringBuilder(512);
            for (int i = 0; i < rows; i++)
            {
                line.Clear();
                string imei = WithLuhn("35" + i.ToString("D12"));
                line.Append("user").Append(i.ToString("D7")).Append(',')
                    .Append("User ").Append(i).Append(',')
                    .Append("user").Append(i).Append("@example.com,")
                    .Append("Bench user ").Append(i).Append(',')
                    .Append(i % 2 == 0 ? "org1|org2," : "org2,")
                    .Append("dev").Append(i.ToString("D7")).Append(',')
                    .Append("Standard,")
                    .Append("C").Append(i.ToString("D7")).Append(',')
                    .Append("ios,")
                    .Append(i % 3 == 0 ? "Sales|Kiosk," : "Sales,")
                    .Append(Mac(i)).Append(',')
                    .Append(imei).Append(',')
                    .Append("A0").Append(i.ToString("X12")).Append(',')
                    .Append("00008020-").Append(i.ToString("X16")).Append(',')
                    .Append('F').Append(i.ToString("D11")).Append(',')
                    .Append(30 + i % 300).Append(',')
                    .Append(changed && i % 2 == 0 ? "Renamed device " : "Device ").Append(i).Append(',')
                    .Append("\"Bench device ").Append(i).Append(", row ").Append(i + 2).Append("\",")
                    .Append("user").Append(i).Append("@example.com,")
                    .Append(i % 2 == 0 ? "Serial" : "Keycode");
                writer.Write(line.ToString());
                writer.Write("\r\n");
            }
        }

        /// <summary>One identifier per line, for the piped DEP link look-ups.</summary>
        public static void WriteIdentifiers(string path, int rows)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            for (int i = 0; i < rows; i++)
            {
                writer.Write("dev");
                writer.Write(i.ToString("D7"));
                writer.Write('\n');
            }
        }

        /// <summary>
        /// Apple's DEP device list of every row's serial (every bench device enrolls through DEP, by Serial or Keycode), as
        /// the DEP device CSV reads it: the look-ups then find what an admin's store has once Apple's list is imported.
        /// </summary>
        public static void WriteDepDevices(string path, int rows)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            writer.Write("SerialNumber,Model,Description,ProfileName\r\n");
            for (int i = 0; i < rows; i++)
            {
                writer.Write('F');
                writer.Write(i.ToString("D11"));
                writer.Write(",iPhone 15,IPHONE 15 BLACK 128GB,Bench profile\r\n");
            }
        }

        private static string Mac(int i)
        {
            string hex = ((long)i).ToString("X12");
            var mac = new StringBuilder(17);
            for (int k = 0; k < 12; k += 2)
            {
                if (k > 0)
                {
                    mac.Append(':');
                }

                mac.Append(hex, k, 2);
            }

            return mac.ToString();
        }

        private static string WithLuhn(string digits)
        {
            int sum = 0;
            for (int k = 0; k < digits.Length; k++)
            {
                int d = digits[digits.Length - 1 - k] - '0';
                if (k % 2 == 0)
                {
                    d *= 2;
                    if (d > 9)
                    {
                        d -= 9;
                    }
                }

                sum += d;
            }

            return digits + ((10 - sum % 10) % 10).ToString();
        }
    }
}
