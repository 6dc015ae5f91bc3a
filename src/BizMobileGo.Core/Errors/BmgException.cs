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
    }

    /// <summary>A failure the user can act on: a stable ErrorId, a category and the item it concerns.</summary>
    public class BmgException : Exception
    {
        public BmgException(string errorId, BmgErrorCategory category, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public string ErrorId { get; }

        public BmgErrorCategory Category { get; }

        public object? Target { get; }
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
        public const string UserNotFound = "UserNotFound";
        public const string ImmutableField = "ImmutableField";
        public const string CheckInRejected = "CheckInRejected";
        public const string ImportFailed = "ImportFailed";
        public const string MalformedCsv = "MalformedCsv";
        public const string EmptyCsv = "EmptyCsv";
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
        public const string DirectoryNotFound = "DirectoryNotFound";
        public const string FileWriteFailure = "FileWriteFailure";
        public const string UnencodableValue = "UnencodableValue";
        public const string ReferenceInUse = "ReferenceInUse";
        public const string DepDeviceFileInvalid = "DepDeviceFileInvalid";

        // The CSV reader (issues 9 and 10).
        public const string InvalidEncoding = "InvalidEncoding";
        public const string FileChangedWhileRead = "FileChangedWhileRead";
        public const string MissingCsvHeader = "MissingCsvHeader";
    }
}
