using System;
using System.Runtime.InteropServices;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Reads a column of a statement's current row by calling SQLite itself, for the few reads done a hundred
    /// thousand times in a command's first second (Get-BmgDeviceDepLink's piped look-ups). SQLitePCL's own
    /// calls pass three managed layers and a SafeHandle per column, and in a fresh process those layers run on
    /// .NET's quick first-tier code for most of that second; these are plain pointer calls the JIT compiles into
    /// the caller. The statement stays owned (prepared, stepped, reset, finalized) by <see cref="SqliteStatement"/>.
    /// </summary>
    /// <remarks>
    /// "e_sqlite3" is the library SQLitePCL's provider loads, resolved the same way (in the module, by its
    /// DependencyLoadContext). The calls skip the GC transition: each returns at once, takes no lock another
    /// thread holds (the connection is used by one thread) and never calls back into .NET.
    /// </remarks>
    internal static class SqliteColumns
    {
        private const string Library = "e_sqlite3";

        /// <summary>A text column, or null for NULL (only for columns holding text or NULL).</summary>
        public static string? Text(IntPtr statement, int column) => Marshal.PtrToStringUTF8(sqlite3_column_text(statement, column));

        public static int Int32(IntPtr statement, int column) => sqlite3_column_int(statement, column);

        public static long Int64(IntPtr statement, int column) => sqlite3_column_int64(statement, column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_column_int(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern long sqlite3_column_int64(IntPtr statement, int column);
    }
}
