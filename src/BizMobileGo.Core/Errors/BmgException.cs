using System;

namespace BizMobileGo.Core.Errors
{
    /// <summary>
    /// What kind of failure an error is. The names match PowerShell's ErrorCategory so the cmdlets
    /// can map them one to one without the core library referencing PowerShell.
    /// </summary>
    public enum BmgErrorCategory
    {
        InvalidData,
        InvalidArgument,
        ObjectNotFound,
        ResourceExists,
        ResourceBusy,
        ResourceUnavailable,
        InvalidOperation,
        PermissionDenied,
        ReadError,
        WriteError,
        OpenError,
        ParserError,
        SecurityError,
        ConnectionError,
    }

    /// <summary>
    /// An object that holds a check-in code. It is never an error's target ($Error[0].TargetObject.Code
    /// would hand the code to whoever reads the error): the device's Identifier stands in for it.
    /// </summary>
    public interface ICarriesCheckInCode
    {
        string Identifier { get; }
    }

    /// <summary>A failure the user can act on: a stable ErrorId, a category and the item it concerns.</summary>
    public class BmgException : Exception
    {
        public BmgException(string errorId, BmgErrorCategory category, string message, object? target = null, Exception? inner = null)
            : this(errorId, category, message, null, target, inner)
        {
        }

        private BmgException(string errorId, BmgErrorCategory category, string cause, string? outcome, object? target, Exception? inner)
            : base(MessageText.Capped(outcome == null ? cause : cause + " " + outcome), inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target is ICarriesCheckInCode secret ? secret.Identifier : target;
            Cause = outcome == null ? Message : MessageText.Capped(cause);
            Outcome = outcome;
        }

        /// <summary>
        /// An error whose message is <paramref name="cause"/> and then <paramref name="outcome"/>, what the failure left undone
        /// ("The DEP device file 'x' can't be imported: …" and <see cref="NothingImported"/>), kept apart as <see cref="Cause"/>
        /// and <see cref="Outcome"/>: a caller that says the outcome in its own words (ImportFailed: "so nothing would be
        /// imported from it" under -WhatIf) takes the cause alone, and neither text has to be matched to cut the other out.
        /// </summary>
        public static BmgException WithOutcome(string errorId, BmgErrorCategory category, string cause, string outcome, object? target = null, Exception? inner = null) =>
            new BmgException(errorId, category, cause, outcome, target, inner);

        /// <summary>The outcome of a refused import: nothing of it was written.</summary>
        public const string NothingImported = "Nothing was imported.";

        /// <summary>
        /// <see cref="NothingImported"/> as a dry run (-WhatIf) says it: it would have imported nothing, and wrote nothing
        /// anyway (ImportFailed's "so nothing would be imported from it (a dry run: nothing was written)").
        /// </summary>
        public const string NothingImportedDryRun = "Nothing would be imported (a dry run: nothing was written).";

        /// <summary>
        /// This error as a dry run (-WhatIf) says it: an outcome of <see cref="NothingImported"/> becomes
        /// <see cref="NothingImportedDryRun"/>; any other error is itself.
        /// </summary>
        public BmgException AsDryRun() =>
            Outcome == NothingImported ? new BmgException(ErrorId, Category, Cause, NothingImportedDryRun, Target, InnerException) : this;

        /// <summary>
        /// This error as the user's ErrorRecord carries it (BmgCmdlet.ToErrorRecord): a copy never thrown, with the same ErrorId,
        /// category, message and target, and no stack trace, not even the one PowerShell's ThrowTerminatingError gives an
        /// exception it throws for a terminating error. A BmgException is a failure the user acts on (a typo, a locked
        /// device, a store path that names nothing), not a fault of the program: `$Error[0] | Format-List * -Force` showed
        /// the core's call stack under a message that said it all (walkthrough 25, finding 5). An inner exception that is
        /// itself such a failure (a BmgException, a CsvFormatException: its message is already in this one's) is left out;
        /// any other (a SQLite, PostgreSQL or file system failure under a store's error) is kept with its stack, which
        /// says where the unexpected happened.
        /// </summary>
        public BmgException Reported()
        {
            Exception? inner = InnerException is BmgException || InnerException is Csv.CsvFormatException ? null : InnerException;
            return new BmgException(ErrorId, Category, Cause, Outcome, Target, inner) { _reported = true };
        }

        private bool _reported;

        /// <summary>Empty for an error <see cref="Reported"/> to the user; where the core threw it otherwise.</summary>
        public override string? StackTrace => _reported ? null : base.StackTrace;

        public string ErrorId { get; }

        public BmgErrorCategory Category { get; }

        public object? Target { get; }

        /// <summary>What went wrong: the message without its <see cref="Outcome"/> (the whole message when it has none).</summary>
        public string Cause { get; }

        /// <summary>What the failure left undone, said after the cause in the message ("Nothing was imported."), or null.</summary>
        public string? Outcome { get; }
    }

    /// <summary>The stable ErrorIds scripts may depend on.</summary>
    public static class ErrorIds
    {
        public const string UnknownCsvColumn = "UnknownCsvColumn";
        public const string DuplicateCsvColumn = "DuplicateCsvColumn";
        public const string InvalidFieldValue = "InvalidFieldValue";
        public const string MissingRequiredField = "MissingRequiredField";
        public const string ReferenceNotFound = "ReferenceNotFound";
        public const string DuplicateKeyInFile = "DuplicateKeyInFile";
        public const string DuplicateSerial = "DuplicateSerial";
        public const string DeviceLocked = "DeviceLocked";
        public const string DeviceNotFound = "DeviceNotFound";

        /// <summary>Rename-BmgDevice: the device confirmed was removed and another created under its Identifier meanwhile.</summary>
        public const string DeviceReplaced = "DeviceReplaced";

        public const string UserNotFound = "UserNotFound";
        public const string ImmutableField = "ImmutableField";
        public const string CheckInRejected = "CheckInRejected";
        public const string ImportFailed = "ImportFailed";
        public const string MalformedCsv = "MalformedCsv";
        public const string EmptyCsv = "EmptyCsv";

        /// <summary>The file's last row has no line break: it may be cut off by a copy still running (import: a failed row).</summary>
        public const string IncompleteLastRow = "IncompleteLastRow";
        public const string StoreBusy = "StoreBusy";
        public const string StoreVersionTooNew = "StoreVersionTooNew";
        public const string StoreNotRecognized = "StoreNotRecognized";
        public const string StoreOpenFailure = "StoreOpenFailure";
        public const string AlreadyExists = "AlreadyExists";
        public const string UserInUse = "UserInUse";
        public const string FileExists = "FileExists";
        public const string FileOpenFailure = "FileOpenFailure";
        public const string FileReadOnly = "FileReadOnly";
        public const string PathIsDirectory = "PathIsDirectory";
        public const string PathIsStore = "PathIsStore";
        public const string PathIsInput = "PathIsInput";
        public const string DirectoryNotFound = "DirectoryNotFound";
        public const string FileWriteFailure = "FileWriteFailure";
        public const string UnencodableValue = "UnencodableValue";
        public const string ReferenceInUse = "ReferenceInUse";
        public const string DepDeviceFileInvalid = "DepDeviceFileInvalid";
        // An Apple Business Manager list whose assigned rows name several MDM servers, and -MdmServer naming none of them (walkthrough 13).
        public const string DepMdmServerAmbiguous = "DepMdmServerAmbiguous";
        public const string DepMdmServerNotFound = "DepMdmServerNotFound";
        // -MdmServer names a real server of the list, but not the one the store's active DEP devices are assigned to (walkthrough 39, 3).
        public const string DepMdmServerChanged = "DepMdmServerChanged";
        public const string CheckInLockedOut = "CheckInLockedOut";
        public const string InvalidWildcardPattern = "InvalidWildcardPattern";
        // Check-in email delivery (issue 14).
        public const string SmtpSettingsInvalid = "SmtpSettingsInvalid";
        public const string TemplateInvalid = "TemplateInvalid";
        public const string CheckInUrlMissing = "CheckInUrlMissing";
        public const string CheckInUrlInvalid = "CheckInUrlInvalid";
        public const string UnencryptedConnectionRefused = "UnencryptedConnectionRefused";
        public const string SmtpCertificateInvalid = "SmtpCertificateInvalid";
        public const string SmtpAuthenticationFailed = "SmtpAuthenticationFailed";
        public const string SmtpAuthenticationRequired = "SmtpAuthenticationRequired";
        public const string SmtpConnectionFailed = "SmtpConnectionFailed";
        public const string CheckInEmailRejected = "CheckInEmailRejected";
        public const string CheckInEmailGaveUp = "CheckInEmailGaveUp";
        public const string SmtpServerDeferred = "SmtpServerDeferred";
        public const string CheckInEmailNotFound = "CheckInEmailNotFound";
        public const string CheckInEmailMismatch = "CheckInEmailMismatch";

        // Store files, paths and failures of the disk (issue 9: 1, 6, 7, 13, 15).
        public const string InvalidStorePath = "InvalidStorePath";
        public const string StoreNotAFile = "StoreNotAFile";
        public const string StoreFileEmpty = "StoreFileEmpty";
        public const string StoreOwnedByAnotherUser = "StoreOwnedByAnotherUser";
        public const string StoreFull = "StoreFull";
        public const string StoreReadOnly = "StoreReadOnly";

        // A SQLite store file that is damaged (SQLite says malformed, a file cut short, a -wal file of another copy): its
        // remedy is a restore, not a path, a permission or a retry, so not StoreOpenFailure (walkthrough 33b, 1 to 4).
        public const string StoreDamaged = "StoreDamaged";

        // A command that only reads names a store that does not exist (finding P9): nothing is created.
        public const string StoreNotFound = "StoreNotFound";

        // The PostgreSQL store (issue 13).
        public const string InvalidStoreUri = "InvalidStoreUri";
        public const string StoreUnavailable = "StoreUnavailable";
        // $env:BMG_STORE_WAIT is not a whole number of seconds in range (walkthrough 36, 4).
        public const string InvalidStoreWait = "InvalidStoreWait";

        // The module's own files (walkthrough 32b, 4 and 7).
        // Import-Module of a module folder missing one of its assemblies (ModuleFiles in the cmdlet assembly).
        public const string ModuleFilesMissing = "ModuleFilesMissing";
        // No native SQLite build for this platform in the module folder: the SQLite store can't open (a PostgreSQL store can).
        public const string NativeSqliteMissing = "NativeSqliteMissing";
        // Import-Module of a version (or build) other than the one this process loaded already (module/BizMobileGo.psm1,
        // which names it as text: it runs before this assembly may be loaded).
        public const string ModuleVersionAlreadyLoaded = "ModuleVersionAlreadyLoaded";

        // Issue 10 (import settled, piped objects, consistency).
        public const string UnknownEncoding = "UnknownEncoding";
        public const string InvalidDelimiter = "InvalidDelimiter";
        public const string FileNotFound = "FileNotFound";
        public const string NotFileSystemPath = "NotFileSystemPath";
        // Lines of CSV text piped to Import-BmgDeviceCsv, which takes piped strings as paths (walkthrough 30, 8).
        public const string CsvTextNotPath = "CsvTextNotPath";
        // Apple's JSON (or a CSV) given as text where Import-BmgDepDevice takes paths: Get-Content -Raw piped (walkthrough 31b, 12).
        public const string TextNotPath = "TextNotPath";
        // A piped row's property that holds an object (a nested [pscustomobject], a hashtable, ConvertFrom-Json's nested
        // field): no cell's text (review30b, 3: it was stored as the text "@{site=Tokyo}").
        public const string ObjectNotFieldValue = "ObjectNotFieldValue";
        // A question the command must ask (a warning under -WarningAction Inquire, a -Confirm prompt) in a PowerShell that can't
        // read an answer (-NonInteractive, or its standard input closed): before, the host's raw NullReferenceException or
        // PSInvalidOperationException (round 31).
        public const string PromptUnavailable = "PromptUnavailable";
        public const string OrganizationNotFound = "OrganizationNotFound";
        public const string TemplateNotFound = "TemplateNotFound";
        public const string DeviceTagNotFound = "DeviceTagNotFound";
        public const string DepProfileNotFound = "DepProfileNotFound";
        public const string DepDeviceNotFound = "DepDeviceNotFound";
        public const string ImportNotFound = "ImportNotFound";
        public const string MultipleFilesNotSupported = "MultipleFilesNotSupported";
        public const string InvalidEncoding = "InvalidEncoding";
        public const string MoreErrorsNotKept = "MoreErrorsNotKept";
        /// <summary>An import history error: the import was stopped before it was committed.</summary>
        public const string ImportStopped = "ImportStopped";

        // The CSV reader (issues 9, 10 and 12).
        public const string FileChangedWhileRead = "FileChangedWhileRead";
        public const string MissingCsvHeader = "MissingCsvHeader";

        // The change history (issue 15).
        public const string HistoryTampered = "HistoryTampered";

        /// <summary>Clear-BmgHistory refused by the server: the database user may not delete the history (an append-only role).</summary>
        public const string HistoryClearDenied = "HistoryClearDenied";

        /// <summary>Clear-BmgHistory -Before later than now: refused, nothing removed (walkthrough 27, 10; ClearBeforeTime).</summary>
        public const string ClearBeforeInFuture = "ClearBeforeInFuture";

        /// <summary>Test-BmgHistory -KnownHash: the chain holds, but no entry has the hash given (a typo, or entries removed).</summary>
        public const string KnownHashNotFound = "KnownHashNotFound";

        /// <summary>A hidden parameter that only a piped object of the module binds (Get-BmgDeviceHistory -InputObject) was typed.</summary>
        public const string PipelineOnlyParameter = "PipelineOnlyParameter";

        /// <summary>Get-BmgDeviceHistory / Get-BmgUserHistory: -Since is later than -Until, so no entry could be in the range.</summary>
        public const string InvalidTimeRange = "InvalidTimeRange";

        /// <summary>
        /// A piped Device or User read from another store than the one the command opens, the command given no -Database:
        /// refused for that object, rather than act on the same-named record of the command's store (walkthrough 28, finding 5).
        /// </summary>
        public const string PipedFromOtherStore = "PipedFromOtherStore";

        /// <summary>
        /// A command whose every-record default would do what nobody should do by default was given no selection:
        /// Send-BmgCheckInEmail -MarkSent without -Identifier, -LiteralIdentifier, -Recipient or piped input (left32c).
        /// </summary>
        public const string SelectionRequired = "SelectionRequired";

        /// <summary>
        /// Test-BmgHistory -Records: a device's or user's row differs from what its change history says (a field edited by hand
        /// with sqlite3 or psql, a row deleted or restored by hand); one error a mismatch (tamper36, walkthrough 35, 6).
        /// </summary>
        public const string RecordTampered = "RecordTampered";
    }
}
