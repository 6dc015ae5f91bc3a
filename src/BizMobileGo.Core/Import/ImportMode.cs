namespace BizMobileGo.Core.Import
{
    public enum ImportMode
    {
        /// <summary>Any failed row means nothing is written.</summary>
        AllOrNothing,

        /// <summary>Valid rows are written, failed rows are reported.</summary>
        SkipInvalidRows,
    }
}
