using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one rule for -ChangedBy (issue 15; walkthrough 34a, 4): who a service (a self-service portal, a help-desk tool)
    /// says a change is made for, recorded in the entry beside the OS user and covered by its hash. What the caller says,
    /// not authenticated: the OS user still names who ran the process. A name's rule: one line, no control characters, up
    /// to a name's length; trimmed.
    /// </summary>
    public static class ChangedByText
    {
        /// <summary>The name as recorded (trimmed); null or empty: none ("").</summary>
        /// <exception cref="BmgException">InvalidFieldValue, naming the value and the rule; nothing was changed.</exception>
        public static string Check(string? changedBy)
        {
            if (string.IsNullOrEmpty(changedBy))
            {
                return "";
            }

            if (!BoundedText.TryParse(changedBy, BoundedText.NameMaxLength, out string value, out string? rule))
            {
                throw Invalid(changedBy, rule!);
            }

            return value.Length > 0 ? value : throw Invalid(changedBy, "must not be blank; leave -ChangedBy out to name no one");
        }

        private static BmgException Invalid(string changedBy, string rule) =>
            new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                $"-ChangedBy '{FieldText.Printable(changedBy)}' is not a valid name of whom the change is made for: it {rule}. Nothing was changed.",
                changedBy);
    }
}
