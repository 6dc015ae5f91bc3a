using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The cells a chunk's rows give, found by the device identifier and by the user name of their row: a store that reads
    /// those devices and users may return a row's own cell for a column whose stored text is exactly that cell's
    /// (<c>SqliteStatement.GetStringAsGiven</c>), rather than decode and allocate an equal string again. A re-import of an
    /// unchanged file reads every device and user it names; most of what it read was strings equal to the file's cells.
    /// </summary>
    /// <remarks>
    /// Only a source of strings that are equal to what is stored: which record a cell belongs to decides nothing (a
    /// candidate that is not exactly the stored text is not used), so every value read is still the stored value.
    /// </remarks>
    internal sealed class ChunkTexts
    {
        // The file's column of each field (FieldKey's value), or -1 when the file has none.
        private readonly int[] _columnOf;
        private readonly Dictionary<string, string[]> _byIdentifier;
        private readonly Dictionary<string, string[]> _byUserName;

        /// <param name="byIdentifier">Each identifier's row (compared as identifiers compare).</param>
        /// <param name="byUserName">Each user name's row.</param>
        public ChunkTexts(ImportHeader header, Dictionary<string, string[]> byIdentifier, Dictionary<string, string[]> byUserName)
        {
            _byIdentifier = byIdentifier;
            _byUserName = byUserName;
            _columnOf = new int[FieldValues.Count];
            Array.Fill(_columnOf, -1);
            for (int column = 0; column < header.ColumnCount; column++)
            {
                int field = (int)header.FieldOf(column);
                if (field >= 0 && field < _columnOf.Length && _columnOf[field] < 0)
                {
                    _columnOf[field] = column;
                }
            }
        }

        /// <summary>The cells of the row that names the device, or null.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public string[]? OfDevice(string identifier) => _byIdentifier.TryGetValue(identifier, out string[]? cells) ? cells : null;

        /// <summary>The cells of the row that names the user, or null.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public string[]? OfUser(string userName) => _byUserName.TryGetValue(userName, out string[]? cells) ? cells : null;

        /// <summary>The row's cell of <paramref name="key"/>, or null when there is no row or the file has no such column.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public string? Cell(string[]? cells, FieldKey key)
        {
            if (cells == null)
            {
                return null;
            }

            int column = _columnOf[(int)key];
            return column >= 0 && column < cells.Length ? cells[column] : null;
        }
    }

    /// <summary>A store whose reads of an import chunk's devices and users can return the chunk's own cells (<see cref="ChunkTexts"/>).</summary>
    internal interface IReadsChunkTexts
    {
        /// <summary>The cells the reads may return until the next call; null: none.</summary>
        ChunkTexts? ChunkTexts { set; }
    }
}
