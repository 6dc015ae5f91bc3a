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
            e.ErrorId == ErrorIds.StoreFull || e.ErrorId == ErrorIds.StoreReadOnly || e.ErrorId == ErrorIds.StoreDamaged ||
            e.ErrorId == ErrorIds.StoreUnavailable;

        /// <summary>The command's error action: its -ErrorAction, else $ErrorActionPreference; null when neither reads as one.</summary>
        private protected ActionPreference? ErrorActionInEffect()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? given) ? given : GetVariableValue("ErrorActionPreference");
            return LanguagePrimitives.TryConvertTo(preference, out ActionPreference action) ? action : null;
        }

        /// <summary>
        /// The one way a BmgException becomes the user's ErrorRecord: its ErrorId, category, target and message, and no
        /// stack trace (<see cref="BmgException.Reported"/>): a user's mistake is no program fault. Other exceptions keep theirs.
        /// </summary>
        protected static ErrorRecord ToErrorRecord(BmgException e)
        {
            BmgException reported = e.Reported();
            return new ErrorRecord(reported, reported.ErrorId, ToCategory(reported.Category), reported.Target);
        }

        /// <summary>
        /// The SQLite store failing to open because the native SQLite build isn't there for this platform (the runtime says
        /// TypeInitializationException around DllNotFoundException, on every store command of the session): NativeSqliteMissing,
        /// naming the platform, the file the module looked for and the platforms it carries. Null for any other failure.
        /// </summary>
        protected static ErrorRecord? NativeSqliteMissing(Exception e, string store)
        {
            Exception? notFound = e;
            while (notFound != null && !(notFound is DllNotFoundException && notFound.Message.Contains("e_sqlite3", StringComparison.Ordinal)))
            {
                notFound = notFound.InnerException;
            }

            if (notFound == null)
            {
                return null;
            }

            string path = DependencyLoadContext.NativeSqlitePath;
            string carried = string.Join(", ", DependencyLoadContext.CarriedNativePlatforms());
            string why = System.IO.File.Exists(path)
                ? $"its SQLite build for this platform ({DependencyLoadContext.CurrentNativePlatform}), '{path}', could not be loaded ({notFound.Message})"
                : $"it has no SQLite build for this platform ({DependencyLoadContext.CurrentNativePlatform}): '{path}' is missing";
            string message =
                $"The SQLite store '{store}' can't be opened: {why}. This module folder carries SQLite for: " +
                (carried.Length == 0 ? "no platform" : carried) + ". Reinstall the module if files were lost; " +
                "a PostgreSQL store (-Database postgresql://…) needs no SQLite.";
            return new ErrorRecord(new DllNotFoundException(message, notFound), ErrorIds.NativeSqliteMissing, ErrorCategory.NotInstalled, store);
        }

        protected static ErrorCategory ToCategory(BmgErrorCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());
    }
}
