using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// How a user's organizations and a device's tags travel to the write statements: one text a row, the names joined with
    /// <see cref="NameList.Separator"/>, which no name holds (the names' rule refuses it, and SQLite keeps its lists so), split
    /// back in order by <c>string_to_array(x, '|')</c> (an empty text is an empty array). Arrays of arrays must be rectangular,
    /// so a list can't be a row's own array parameter. A JSON array text did the same at more server work: a parse and an
    /// ordered sub-select a row, ~10 % of the devices' INSERT of a first import (PERFORMANCE.md, seventeenth round).
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private static string JoinedNames(IReadOnlyList<string> names)
        {
            foreach (string name in names)
            {
                if (name.IndexOf(NameList.Separator) >= 0)
                {
                    // Never reached through the names' rule; a name that held it would be split into two by the server.
                    throw new InvalidOperationException($"A name of a list holds the list separator '{NameList.Separator}'.");
                }
            }

            return names.Count == 0 ? string.Empty : string.Join(NameList.Separator, names);
        }
    }
}
