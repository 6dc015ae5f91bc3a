using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Steps a statement and reads its current row's columns by calling SQLite itself, for the few calls made a
    /// hundred thousand times in a command's first second (Get-BmgDeviceDepLink's piped look-ups, every column
    /// SqliteStatement reads: the devices and users an import reads). SQLitePCL's
    /// own calls pass three managed layers and a SafeHandle each, and in a fresh process those layers run on
    /// .NET's quick first-tier code for most of that second; these are plain pointer calls the JIT compiles into
    /// the caller. The statement stays owned (prepared, bound, reset, finalized) by <see cref="SqliteStatement"/>.
    /// </summary>
    /// <remarks>
    /// "e_sqlite3" is the library SQLitePCL's provider loads, resolved the same way (in the module, by its
    /// DependencyLoadContext). The column reads skip the GC transition: each returns at once, takes no lock another
    /// thread holds (the connection is used by one thread) and never calls back into .NET; a step reads the file
    /// and may wait for a lock, so it does not.
    /// <para>
    /// The raw pointer outlives no statement: statements are never evicted, only finalized as their store closes its file
    /// (disposed, or a dry run's first write), and a command hands its store back only after the batches its reading thread
    /// was given are done (BmgCmdlet.Dispose runs PipedIdentifiers.Abandon first). PowerShell calls Dispose on the
    /// pipeline's thread once the command's steps have unwound, however they ended (StopProcessing, Ctrl+C's, only cancels).
    /// </para>
    /// </remarks>
    internal static class SqliteDirect
    {
        private const string Library = "e_sqlite3";

        /// <summary>sqlite3_step's result when the statement is on a row.</summary>
        public const int Row = 100;

        /// <summary>sqlite3_step's result when the statement has no more rows.</summary>
        public const int Done = 101;

        /// <summary>Runs the statement to its next row: <see cref="Row"/>, <see cref="Done"/>, or SQLite's error code.</summary>
        public static int Step(IntPtr statement) => sqlite3_step(statement);

        /// <summary>
        /// A text column, or null for NULL, of exactly the bytes SQLite holds (a text's length is SQLite's, not where a
        /// NUL is). Only for columns holding text or NULL.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per column of a row read (a piped look-up: ~10 a row)
        public static string? WholeText(IntPtr statement, int column)
        {
            IntPtr text = sqlite3_column_text(statement, column);
            return text == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(text, sqlite3_column_bytes(statement, column));
        }

        public static int Int32(IntPtr statement, int column) => sqlite3_column_int(statement, column);

        /// <summary>True when the column is NULL on this row: asked without reading (or converting) its value.</summary>
        public static bool IsNull(IntPtr statement, int column) => sqlite3_column_type(statement, column) == NullType;

        // sqlite3_column_type's SQLITE_NULL.
        private const int NullType = 5;

        /// <summary>
        /// A text column's UTF-8 bytes, valid until the statement steps or resets; empty for NULL and for an empty text
        /// (tell them apart with <see cref="WholeText"/>). Only for columns holding text or NULL.
        /// </summary>
        public static ReadOnlySpan<byte> TextBytes(IntPtr statement, int column)
        {
            IntPtr text = sqlite3_column_text(statement, column);
            if (text == IntPtr.Zero)
            {
                return default;
            }

            // SQLite's own memory, not the GC's: a reference into it is what a pointer is, without an unsafe block.
            ref byte first = ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), text);
            return MemoryMarshal.CreateReadOnlySpan(ref first, sqlite3_column_bytes(statement, column));
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        private static extern int sqlite3_step(IntPtr statement);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern IntPtr sqlite3_column_text(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_column_int(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_column_bytes(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [SuppressGCTransition]
        private static extern int sqlite3_column_type(IntPtr statement, int column);
    }
}
