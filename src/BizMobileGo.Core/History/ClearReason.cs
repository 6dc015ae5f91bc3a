using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one rule for Clear-BmgHistory -Reason (walkthrough 32, 5): why the clear was run ("GDPR art. 17 request #123",
    /// "retention: 3 years"), recorded in its hashed entry and shown in Test-BmgHistory's Clears, so an auditor learns why
    /// history was removed, not only that it was. A name's rule: one line, up to a description's length, not blank.
    /// </summary>
    public static class ClearReason
    {
        /// <summary>The reason as recorded (trimmed).</summary>
        /// <exception cref="BmgException">InvalidFieldValue, naming the value and the rule; nothing was removed.</exception>
        public static string Check(string reason)
        {
            if (!BoundedText.TryParse(reason, BoundedText.DescriptionMaxLength, out string value, out string? rule))
            {
                throw Invalid(reason, rule!);
            }

            return value.Length > 0 ? value : throw Invalid(reason, "must not be blank; leave -Reason out to record none");
        }

        private static BmgException Invalid(string reason, string rule) =>
            new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                $"-Reason '{FieldText.Printable(reason)}' is not a valid reason for the clear: it {rule}. Nothing was removed.", reason);
    }
}
