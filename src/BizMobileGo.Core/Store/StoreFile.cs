using System;
using System.IO;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The rules for the file a store lives in: which paths may be a store, how a new one comes to
    /// exist, and which files are the store's own (so nothing else overwrites them).
    /// </summary>
    /// <remarks>
    /// Only a file this module creates becomes a store. A new store is built under a unique 0600 name
    /// in the target folder and linked into place only once complete, so there is never an empty or
    /// half-made store file, and nobody can plant one: an existing empty file, a device, a FIFO, a file
    /// of another user, or a link to any of these is refused and never changed (no chmod).
    /// </remarks>
    public static class StoreFile
    {
        /// <summary>The files SQLite keeps beside a store while it is used.</summary>
        public static readonly string[] CompanionSuffixes = { "-wal", "-shm", "-journal" };

        private static readonly string[] StoreAndCompanionSuffixes = { "", "-wal", "-shm", "-journal" };

        /// <summary>The absolute path of a store path, refusing what can't name a file (NUL, a Windows device).</summary>
        [System.Runtime.CompilerServices.MethodImpl(PerRowCode.Compile)]
        public static string FullPath(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (path.IndexOf('\0') >= 0)
            {
                throw InvalidPath(path, "it contains a NUL character, which no file name can hold");
            }

            string fullPath;
            try
            {
                fullPath = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw InvalidPath(path, e.Message.TrimEnd('.'));
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && fullPath.StartsWith(@"\\.\", StringComparison.Ordinal))
            {
                throw NotAFile(fullPath, "a device");
            }

            return fullPath;
        }

        /// <summary>True when anything at all is at <paramref name="fullPath"/>, a dangling link included.</summary>
        public static bool Exists(string fullPath) =>
            File.Exists(fullPath) || Directory.Exists(fullPath) || UnixFileStatus.OfEntry(fullPath) != null;

        /// <summary>
        /// Refuses a new store at <paramref name="fullPath"/> whose folder does not exist (<see cref="ErrorIds.DirectoryNotFound"/>,
        /// as Out-File and Export-Csv refuse a file there), before anything is made: a store named in a folder that is not
        /// there is a typo or a path relative to another location far more often than a wish for a new folder, and making
        /// both hid it (walkthrough 29, 6: -Database ./custmers/acme.db made the folder custmers and an empty store in it).
        /// The per-user default store (<see cref="DeviceStores.PerUserLocation"/>) is the one exception: its folder is the
        /// module's own data folder, made (0700) by the first command that writes on a fresh install.
        /// </summary>
        public static void CheckFolderOfNew(string fullPath)
        {
            string? folder = Path.GetDirectoryName(fullPath);
            if (folder == null || Directory.Exists(folder) || SamePath(fullPath, FullPath(DeviceStores.PerUserLocation())))
            {
                return;
            }

            string shownFolder = Fields.FieldText.Printable(folder);
            string why = Exists(folder) ? $"'{shownFolder}' is not a folder" : $"the folder '{shownFolder}' does not exist";
            throw new BmgException(ErrorIds.DirectoryNotFound, BmgErrorCategory.ObjectNotFound,
                $"The store '{Fields.FieldText.Printable(fullPath)}' can't be created: {why}, and a command makes no folder for a store "
                + "someone named. Nothing was created. Check the path (-Database or $env:BMG_DATABASE; a relative path is resolved "
                + $"against the current location); for a new store there, create the folder first (New-Item -ItemType Directory -Path {Fields.FieldText.SingleQuotedArgument(folder)}).",
                fullPath);
        }

        /// <summary>
        /// Refuses a folder given where a store file is named (-Database ~/stores for ~/stores/team.db), before anything is made
        /// (StoreOpenFailure, as before): the message says it is a folder and what to give instead, a file in it.
        /// </summary>
        public static void RefuseFolder(string fullPath)
        {
            if (!Directory.Exists(fullPath))
            {
                return;
            }

            string shown = Fields.FieldText.Printable(fullPath);
            string example = Path.Combine(Path.TrimEndingDirectorySeparator(fullPath), "bizmobilego.db");
            throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"The store path '{shown}' is a folder, not a store file; nothing was created in it. Give the path of the store file "
                + $"(a new store is made where no file exists yet), for example -Database {Fields.FieldText.SingleQuotedArgument(example)}.",
                fullPath);
        }

        private static bool SamePath(string a, string b) =>
            string.Equals(a, b, RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// True when <paramref name="path"/> is a file that starts as a BizMobileGo store does: SQLite's header with the
        /// module's application_id (<see cref="SqliteSchema.ApplicationId"/>, every store since the first). Read for advice
        /// only (a store file piped where a name or nothing is taken): any failure to read is false.
        /// </summary>
        public static bool LooksLikeStore(string path)
        {
            // The SQLite header: "SQLite format 3\0", and the application_id as a big-endian 32-bit number at offset 68.
            const int ApplicationIdOffset = 68;
            var header = new byte[ApplicationIdOffset + 4];
            try
            {
                // Only a regular file as long as the header is opened: opening a FIFO waits for a writer (the piped command
                // hung), and a FIFO, a device or a socket says a length of 0.
                var info = new FileInfo(path);
                if (!info.Exists || info.Length < header.Length)
                {
                    return false;
                }

                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                int read = 0;
                int got;
                while (read < header.Length && (got = file.Read(header, read, header.Length - read)) > 0)
                {
                    read += got;
                }

                return read == header.Length
                    && System.Text.Encoding.ASCII.GetString(header, 0, 16) == "SQLite format 3\0"
                    && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(ApplicationIdOffset)) == SqliteSchema.ApplicationId;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>
        /// What a command says of a BizMobileGo store (<see cref="LooksLikeStore"/>) given where a CSV file is read or written
        /// (PathIsStore): "'/srv/acme.db' is a BizMobileGo store, not a CSV file; nothing was read from it. A store is named with
        /// -Database: Get-BmgDevice -Database '/srv/acme.db' reads its devices." An import of it said only "line 1 contains a NUL
        /// character", and an export wrote a CSV over it (left30a).
        /// </summary>
        /// <param name="path">The store file.</param>
        /// <param name="named">How the message names the path: "'x.db'", "-FailedRowsPath 'x.db'".</param>
        /// <param name="consequence">What was (not) done, said after the semicolon: "nothing was read from it".</param>
        /// <param name="expected">The file the command takes there: "a CSV file", "a DEP device file".</param>
        public static string NotCsvFile(string path, string named, string consequence, string expected = "a CSV file") =>
            $"{named} is a BizMobileGo store, not {expected}; {consequence}. A store is named with -Database: "
            + $"Get-BmgDevice -Database {FieldText.SingleQuotedArgument(path)} reads its devices.";

        /// <summary>
        /// Makes a new store at <paramref name="fullPath"/>: a 0600 file of a unique name in the same folder
        /// (folders made on the way are 0700), filled by <paramref name="initialize"/>, then moved into place
        /// without replacing anything. Returns false when another process made the store meanwhile.
        /// </summary>
        public static bool CreateNew(string fullPath, Action<string> initialize)
        {
            string folder = Path.GetDirectoryName(fullPath) ?? ".";
            string temporary;
            try
            {
                OwnerOnlyFile.CreateFolder(folder);
                using FileStream created = OwnerOnlyFile.CreateUnique(folder, "." + Path.GetFileName(fullPath) + ".", ".new", out temporary);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"Could not create the new store '{fullPath}': {e.Message}", fullPath, e);
            }

            try
            {
                initialize(temporary);
                try
                {
                    // Never replaces what is there: link(2) fails if anything has that name meanwhile (another
                    // process's new store, a planted file); File.Move where there are no hard links.
                    return OwnerOnlyFile.LinkWithoutReplacing(temporary, fullPath);
                }
                catch (IOException) when (Exists(fullPath))
                {
                    return false;
                }
            }
            finally
            {
                DeleteQuietly(temporary);
                foreach (string suffix in CompanionSuffixes)
                {
                    DeleteQuietly(temporary + suffix);
                }
            }
        }

        /// <summary>Refuses an existing path that is not a store file this user may adopt; never changes it.</summary>
        public static void CheckExisting(string fullPath)
        {
            if (UnixFileStatus.IsSupported)
            {
                UnixFileStatus? status = UnixFileStatus.Of(fullPath);
                if (status == null)
                {
                    throw NotAFile(fullPath, "a symbolic link to nothing");
                }

                if (status.Kind != UnixFileKind.Regular)
                {
                    throw NotAFile(fullPath, KindName(status.Kind));
                }

                uint? user = UnixFileStatus.EffectiveUser;
                if (user != null && status.Owner != user.Value)
                {
                    throw new BmgException(ErrorIds.StoreOwnedByAnotherUser, BmgErrorCategory.SecurityError,
                        $"The store file '{fullPath}' belongs to another user (uid {status.Owner}), so that user could read or replace every check-in code in it; it was not used or changed. Use a store file of your own.",
                        fullPath);
                }

                if (status.Size == 0)
                {
                    throw EmptyFile(fullPath);
                }

                return;
            }

            if (new FileInfo(fullPath).Length == 0)
            {
                throw EmptyFile(fullPath);
            }
        }

        /// <summary>
        /// The store file that writing <paramref name="target"/> would overwrite: the store at
        /// <paramref name="storeLocation"/> itself or one of its -wal/-shm/-journal files, reached by any
        /// path (links, another spelling of the folder). Null when <paramref name="target"/> is none of them.
        /// </summary>
        public static string? Overlapping(string target, string storeLocation)
        {
            foreach (string suffix in StoreAndCompanionSuffixes)
            {
                string storeFile = storeLocation + suffix;
                if (FileIdentity.SameEntry(target, storeFile) || FileIdentity.SameFile(target, storeFile))
                {
                    return storeFile;
                }
            }

            return null;
        }

        private static string KindName(UnixFileKind kind) => kind switch
        {
            UnixFileKind.Directory => "a directory",
            UnixFileKind.Fifo => "a FIFO (named pipe)",
            UnixFileKind.CharacterDevice => "a character device",
            UnixFileKind.BlockDevice => "a block device",
            UnixFileKind.Socket => "a socket",
            _ => "not a regular file",
        };

        private static BmgException NotAFile(string fullPath, string what) =>
            new BmgException(ErrorIds.StoreNotAFile, BmgErrorCategory.InvalidArgument,
                $"The store path '{fullPath}' is {what}, not a store file; it was not used or changed. Give the path of a store file, or of a file that does not exist yet.",
                fullPath);

        private static BmgException EmptyFile(string fullPath) =>
            new BmgException(ErrorIds.StoreFileEmpty, BmgErrorCategory.InvalidData,
                $"The store file '{fullPath}' exists but is empty. BizMobileGo makes a new store only where no file exists, so a file someone else prepared can't become one; it was not used or changed. Delete it if it is yours, or give another path.",
                fullPath);

        private static BmgException InvalidPath(string path, string why) =>
            new BmgException(ErrorIds.InvalidStorePath, BmgErrorCategory.InvalidArgument,
                $"The store path '{path.Replace("\0", "\\0")}' is not valid: {why}.", path.Replace("\0", "\\0"));

        private static void DeleteQuietly(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A leftover hidden .new file is harmless; the error that brought us here matters more.
            }
        }
    }
}
