namespace BizMobileGo.Core.Fields
{
    /// <summary>The field names of the product, as the CSV header and the cmdlets spell them.</summary>
    public static class FieldNames
    {
        public const string UserName = "UserName";
        public const string Name = "Name";
        public const string EmailAddress = "EmailAddress";
        public const string UserDescription = "UserDescription";
        public const string Organizations = "Organizations";
        public const string Identifier = "Identifier";
        public const string Template = "Template";
        public const string Code = "Code";
        public const string OS = "OS";
        public const string DeviceTags = "DeviceTags";
        public const string WifiMac = "WifiMac";
        public const string IMEI = "IMEI";
        public const string MEID = "MEID";
        public const string UDID = "UDID";
        public const string Serial = "Serial";
        public const string ExpirationDays = "ExpirationDays";
        public const string DisplayName = "DisplayName";
        public const string Description = "Description";
        public const string RegistrationEmail = "RegistrationEmail";
        public const string DEPMethod = "DEPMethod";
    }
}
