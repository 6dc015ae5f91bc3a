using System;
using System.IO;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Errors;
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
