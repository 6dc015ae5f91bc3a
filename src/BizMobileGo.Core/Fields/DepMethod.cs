namespace BizMobileGo.Core.Fields
{
    /// <summary>How a DEP device is matched to its device information at setup.</summary>
    public enum DepMethod
    {
        Serial,
        Keycode,
    }
}
