using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

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
        // Per row (a user's organizations, a device's tags): checked by index and joined by NameList.Join (by index too), so
        // no enumerator is made; foreach and string.Join through the interface made two a list (~13 MB of a 100,000-row
        // first import, PERFORMANCE.md, twenty-eighth round).
        [MethodImpl(PerRowCode.Compile)]
        private static string JoinedNames(IReadOnlyList<string> names)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (names[i].IndexOf(NameList.Separator) >= 0)
                {
                    // Never reached through the names' rule; a name that held it would be split into two by the server.
                    throw new InvalidOperationException($"A name of a list holds the list separator '{NameList.Separator}'.");
                }
            }

            return NameList.Join(names);
        }
    }
}
