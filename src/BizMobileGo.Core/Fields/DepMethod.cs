namespace BizMobileGo.Core.Fields
{
    /// <summary>How a DEP device is matched to its device information at setup.</summary>
    public enum DepMethod
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        Serial = 1,
        Keycode,
    }
}
