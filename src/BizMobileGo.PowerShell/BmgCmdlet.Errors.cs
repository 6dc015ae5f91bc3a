using System;
using System.Management.Automation;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    // How a BmgException becomes an ErrorRecord, and which failures end the command rather than one item.
    public abstract partial class BmgCmdlet
    {
        /// <summary>Runs one item's work; a user-facing failure becomes a non-terminating error and the pipeline goes on.</summary>
        protected void ForItem(Action work)
        {
            try
            {
                work();
            }
            catch (BmgException e) when (!IsStoreFailure(e))
            {
                WriteBatchedWarnings();
                WriteError(ToErrorRecord(e));
            }
            catch (BmgException e)
            {
                WriteBatchedWarnings();
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>
        /// A store that can't be used (busy, damaged, full, read-only, a server that ended the session or went away): it
        /// fails every later item too, so the command stops instead of repeating the error — and it is never taken for a
        /// mistake in one item (a name, a pattern).
        /// </summary>
        protected static bool IsStoreFailure(BmgException e) =>
            e.ErrorId == ErrorIds.StoreBusy || e.ErrorId == ErrorIds.StoreNotRecognized ||
            e.ErrorId == ErrorIds.StoreVersionTooNew || e.ErrorId == ErrorIds.StoreOpenFailure ||
            e.ErrorId == ErrorIds.StoreFull || e.ErrorId == ErrorIds.StoreReadOnly ||
            e.ErrorId == ErrorIds.StoreUnavailable;

        /// <summary>
        /// The one way a BmgException becomes the user's ErrorRecord: its ErrorId, category, target and message, and no
        /// stack trace (<see cref="BmgException.Reported"/>): a user's mistake is no program fault. Other exceptions keep theirs.
        /// </summary>
        protected static ErrorRecord ToErrorRecord(BmgException e)
        {
            BmgException reported = e.Reported();
            return new ErrorRecord(reported, reported.ErrorId, ToCategory(reported.Category), reported.Target);
        }

        protected static ErrorCategory ToCategory(BmgErrorCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());
    }
}
