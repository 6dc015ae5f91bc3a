using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A chunk's device updates that move no indexed column (SqliteDeviceStore.Changes: WriteChunk) set only the columns whose
    /// values differ from the row's before, many rows to a statement per set of columns. A half-changed file's update
    /// changes a field and the time it was saved; setting all 19 bound and copied the other seventeen values a row and
    /// rewrote its devices_by_dep_device entry (SQLite updates an index for every row whose SET names its column, equal
    /// value or not): about a third of SQLite's own cost for those rows, beside the binds (PERFORMANCE.md, thirty-ninth
    /// round, imp39). What is written is the same row: a column is left out only when the value it would be set to is the
    /// one it holds.
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        // The columns such an update may set, in the order of the bit that stands for each in a set (bit 0: code).
        private static readonly string[] UpdatedColumnNames =
        {
            "code", "os", "wifi_mac", "imei", "meid", "udid", "expiration_days", "display_name", "description", "registration_email",
            "dep_method", "state", "dep_device", "dep_profile", "created_at", "saved_at", "checked_in_at", "withdrawn_at", "device_tags",
        };

        // Every column of UpdatedColumnNames: the set every such update wrote before the thirty-ninth round.
        private const int AllUpdatedColumns = (1 << 19) - 1;

        // The statements of each set of columns met so far, made at its first use. A set beyond this many is written with every
        // column (the full set, made whenever needed): a file that changes fields in many combinations makes few statements all the same.
        private const int MostUpdateColumnSets = 32;
        private readonly Dictionary<int, (int Rows, string Sql)[]> _updateStatements = new Dictionary<int, (int Rows, string Sql)[]>();

        /// <summary>
        /// The columns (bits, as <see cref="UpdatedColumnNames"/>) whose values <paramref name="after"/> changes from
        /// <paramref name="before"/>, compared as they are stored: texts exactly, times to the tick (FormatTime writes every tick),
        /// the tags name by name (their stored text is the names joined). Never too few: a column left out keeps its value.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static int ChangedColumns(Device before, Device after)
        {
            int set = 0;
            if (!string.Equals(before.PlainCode, after.PlainCode, StringComparison.Ordinal)) set |= 1 << 0;
            if (!string.Equals(before.OS, after.OS, StringComparison.Ordinal)) set |= 1 << 1;
            if (!string.Equals(before.WifiMac, after.WifiMac, StringComparison.Ordinal)) set |= 1 << 2;
            if (!string.Equals(before.IMEI, after.IMEI, StringComparison.Ordinal)) set |= 1 << 3;
            if (!string.Equals(before.MEID, after.MEID, StringComparison.Ordinal)) set |= 1 << 4;
            if (!string.Equals(before.UDID, after.UDID, StringComparison.Ordinal)) set |= 1 << 5;
            if (before.ExpirationDays != after.ExpirationDays) set |= 1 << 6;
            if (!string.Equals(before.DisplayName, after.DisplayName, StringComparison.Ordinal)) set |= 1 << 7;
            if (!string.Equals(before.Description, after.Description, StringComparison.Ordinal)) set |= 1 << 8;
            if (!string.Equals(before.RegistrationEmail, after.RegistrationEmail, StringComparison.Ordinal)) set |= 1 << 9;
            if (before.DEPMethod != after.DEPMethod) set |= 1 << 10;
            if (before.State != after.State) set |= 1 << 11;
            if (!string.Equals(before.DepDevice, after.DepDevice, StringComparison.Ordinal)) set |= 1 << 12;
            if (!string.Equals(before.DepProfile, after.DepProfile, StringComparison.Ordinal)) set |= 1 << 13;
            if (!SameTime(before.CreatedAt, after.CreatedAt)) set |= 1 << 14;
            if (!SameTime(before.SavedAt, after.SavedAt)) set |= 1 << 15;
            if (!SameTime(before.CheckedInAt, after.CheckedInAt)) set |= 1 << 16;
            if (!SameTime(before.WithdrawnAt, after.WithdrawnAt)) set |= 1 << 17;
            if (!SameNames(before.DeviceTags, after.DeviceTags)) set |= 1 << 18;
            return set;
        }

        // The same instant to the tick is the same stored text (FormatTime: UTC, seven decimals); an offset alone changes nothing stored.
        private static bool SameTime(DateTimeOffset? x, DateTimeOffset? y) =>
            x.HasValue == y.HasValue && (!x.HasValue || x.Value.UtcTicks == y!.Value.UtcTicks);

        private static bool SameNames(IReadOnlyList<string> x, IReadOnlyList<string> y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x.Count != y.Count)
            {
                return false;
            }

            for (int index = 0; index < x.Count; index++)
            {
                if (!string.Equals(x[index], y[index], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Writes the updates of one run (distinct rows, so in any order), each set of columns in statements of its own: the
        /// key, then the set's values in <see cref="UpdatedColumnNames"/>' order. An update that changes nothing stored is not run.
        /// </summary>
        private void UpdateDevices(List<Device> devices, List<long> keys, List<int> columnSets)
        {
            List<int> rows = _updateRows;
            int remaining = devices.Count;
            while (remaining > 0)
            {
                // The first set not yet written, and every row of it, in order.
                int set = -1;
                rows.Clear();
                for (int row = 0; row < devices.Count; row++)
                {
                    int rowSet = columnSets[row];
                    if (rowSet < 0)
                    {
                        continue;
                    }

                    if (set < 0)
                    {
                        set = rowSet;
                    }

                    if (rowSet == set)
                    {
                        rows.Add(row);
                        columnSets[row] = -1;
                    }
                }

                remaining -= rows.Count;
                if (set != 0)
                {
                    UpdateColumns(set, devices, keys, rows);
                }
            }
        }

        private readonly List<int> _updateRows = new List<int>();
        private readonly List<int> _updateColumns = new List<int>();

        private void UpdateColumns(int set, List<Device> devices, List<long> keys, List<int> rows)
        {
            if (!_updateStatements.TryGetValue(set, out (int Rows, string Sql)[]? statements))
            {
                if (_updateStatements.Count >= MostUpdateColumnSets && set != AllUpdatedColumns)
                {
                    UpdateColumns(AllUpdatedColumns, devices, keys, rows);
                    return;
                }

                _updateStatements[set] = statements = UpdateStatementsOf(set);
            }

            List<int> columns = _updateColumns;
            columns.Clear();
            for (int column = 0; column < UpdatedColumnNames.Length; column++)
            {
                if ((set & (1 << column)) != 0)
                {
                    columns.Add(column);
                }
            }

            RunRows(statements, rows.Count, columns.Count + 1, [MethodImpl(PerRowCode.Compile)] (c, at, index) =>
            {
                int row = rows[index];
                Device d = devices[row];
                c.SetAt(at + 1, keys[row]);
                for (int value = 0; value < columns.Count; value++)
                {
                    BindUpdatedColumn(c, at + 2 + value, columns[value], d);
                }
            });
        }

        [MethodImpl(PerRowCode.Compile)]
        private void BindUpdatedColumn(SqliteStatement c, int at, int column, Device d)
        {
            switch (column)
            {
                case 0: c.SetAt(at, d.PlainCode); break;
                case 1: c.SetAt(at, d.OS); break;
                case 2: c.SetAt(at, d.WifiMac); break;
                case 3: c.SetAt(at, d.IMEI); break;
                case 4: c.SetAt(at, d.MEID); break;
                case 5: c.SetAt(at, d.UDID); break;
                case 6: c.SetAt(at, (long)d.ExpirationDays); break;
                case 7: c.SetAt(at, d.DisplayName); break;
                case 8: c.SetAt(at, d.Description); break;
                case 9: c.SetAt(at, d.RegistrationEmail); break;
                case 10: c.SetAt(at, DepMethods.ToText(d.DEPMethod)); break;
                case 11: c.SetAt(at, DeviceStates.Text(d.State)); break;
                case 12: c.SetAt(at, d.DepDevice); break;
                case 13: c.SetAt(at, d.DepProfile); break;
                case 14: c.SetAt(at, FormatTime(d.CreatedAt)); break;
                case 15: c.SetAt(at, FormatTime(d.SavedAt)); break;
                case 16: c.SetAt(at, d.CheckedInAt.HasValue ? FormatTime(d.CheckedInAt.Value) : null); break;
                case 17: c.SetAt(at, d.WithdrawnAt.HasValue ? FormatTime(d.WithdrawnAt.Value) : null); break;
                case 18: c.SetAt(at, JoinList(d.DeviceTags)); break;
                default: throw new ArgumentOutOfRangeException(nameof(column));
            }
        }

        /// <summary>The statements (100, 10 and 1 rows) that set <paramref name="set"/>'s columns of rows by key: (key, values…) a row.</summary>
        private static (int Rows, string Sql)[] UpdateStatementsOf(int set)
        {
            var names = new List<string>();
            var values = new List<string>();
            for (int column = 0; column < UpdatedColumnNames.Length; column++)
            {
                if ((set & (1 << column)) != 0)
                {
                    names.Add(UpdatedColumnNames[column]);
                    values.Add("v.column" + (values.Count + 2));
                }
            }

            return MultiRowStatements(
                $"UPDATE devices SET ({string.Join(", ", names)}) = ({string.Join(", ", values)}) FROM (VALUES ",
                "(?" + string.Concat(System.Linq.Enumerable.Repeat(", ?", names.Count)) + ")",
                ") AS v WHERE devices.device_id = v.column1");
        }
    }
}
