namespace BizMobileGo.Core.Import
{
    public enum ImportMode
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        /// <summary>Any failed row means nothing is written.</summary>
        AllOrNothing = 1,

        /// <summary>Valid rows are written, failed rows are reported.</summary>
        SkipInvalidRows,
    }
}
