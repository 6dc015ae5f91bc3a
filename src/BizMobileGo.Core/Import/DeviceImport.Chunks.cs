using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    // A chunk of rows: the keys its rows name, read from the store before they are planned, and its writes.
    public sealed partial class DeviceImport : IDisposable
    {
        /// <summary>
        /// Reads, in one batched look-up each, the users, devices and serials that the next rows name (the
        /// rows that follow until the next call), after writing what the rows before them planned.
        /// </summary>
        /// <param name="keys">The keys the rows name (<see cref="KeysOf"/>), when the reading thread collected them already.</param>
        internal void Prefetch(ImportHeader header, IReadOnlyList<Csv.CsvRecord> records, PrefetchKeys? keys = null)
        {
            keys ??= KeysOf(header, records);
            // The chunk just planned: its DEP links, before its write starts beside the next chunk's planning.
            CheckDepLinks();
            // The chunk times its own reads and writes (Stages.Write), not its wait for the chunk written beside the planning.
            _chunk.Prefetch(keys.Chunk);
        }

        /// <summary>
        /// The users, devices and serials the records name, as the field rules normalize them: pure (the header and
        /// the records only), so the thread that reads the file collects them for the next chunk while this one is planned.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static PrefetchKeys KeysOf(ImportHeader header, IReadOnlyList<Csv.CsvRecord> records)
        {
            var keys = new PrefetchKeys();
            // Each key with its row's cells (ChunkTexts): the sets of keys the look-ups read are these dictionaries' keys.
            Dictionary<string, string[]> userNames = keys.RowsByUserName;
            Dictionary<string, string[]> identifiers = keys.RowsByIdentifier;
            HashSet<string> serials = keys.Serials;
            keys.Texts = new ChunkTexts(header, identifiers, userNames);
            int identifierColumn = -1, userNameColumn = -1, serialColumn = -1;
            for (int column = 0; column < header.ColumnCount; column++)
            {
                switch (header.FieldOf(column))
                {
                    case FieldKey.Identifier:
                        identifierColumn = column;
                        break;
                    case FieldKey.UserName:
                        userNameColumn = column;
                        break;
                    case FieldKey.Serial:
                        serialColumn = column;
                        break;
                }
            }

            foreach (Csv.CsvRecord record in records)
            {
                string[] cells = record.Fields;
                if (identifierColumn >= 0 && identifierColumn < cells.Length
                    && DeviceIdentifier.TryParse(cells[identifierColumn], out DeviceIdentifier identifier, out _))
                {
                    identifiers.TryAdd(identifier.Value, cells);
                }

                if (userNameColumn >= 0 && userNameColumn < cells.Length
                    && Fields.UserName.TryParse(cells[userNameColumn], out UserName userName, out _))
                {
                    userNames.TryAdd(userName.Value, cells);
                }

                if (serialColumn >= 0 && serialColumn < cells.Length
                    && AppleSerial.TryParse(cells[serialColumn], out AppleSerial serial, out _))
                {
                    serials.Add(serial.Value);
                }
            }

            return keys;
        }

        /// <summary>
        /// Checks the DEP links the rows planned since the last check set (<see cref="ImportDepLinks.CheckChunk"/>), and what they
        /// would undo of recent work (<see cref="UndoneWork.CheckChunk"/>), once the
        /// chunk written beside the planning is done with the store: at each chunk's end, and before the warning is asked.
        /// </summary>
        private void CheckDepLinks()
        {
            if (_depLinks.ChunkHeld)
            {
                _chunk.WaitForStore();
                _depLinks.CheckChunk(_store);
            }

            // The same chunk's rows that may undo a colleague's recent work (UndoneWork): its batched history reads.
            if (_undoneWork.ChunkHeld)
            {
                _chunk.WaitForStore();
                _undoneWork.CheckChunk(_store, _history.StartedAt);
            }
        }

        /// <summary>Writes the rows planned so far (inside the transaction) now, not beside the next chunk's planning.</summary>
        internal void WritePlanned() => _chunk.Flush();
    }
}
