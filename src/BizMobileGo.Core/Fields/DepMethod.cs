namespace BizMobileGo.Core.Fields
{
    /// <summary>How a DEP device is matched to its device information at setup.</summary>
    public enum DepMethod
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        // The numbers stand a second time in SQLite's DEP-link SQL (SqliteDeviceStore.Dep.cs, DepLinkMethod's CASE: a SQL
        // text must be a constant, and an enum's number can't be put into one): renumbered, change it there too.
        Serial = 1,
        Keycode,
    }
}
