namespace BizMobileGo.Core.Users
{
    /// <summary>The kinds of names that users and devices refer to and that must exist first.</summary>
    public enum ReferenceKind
    {
        Organization,
        Template,
        DeviceTag,
    }
}
