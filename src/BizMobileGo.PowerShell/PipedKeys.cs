using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Whether a piped object has a property of a name, or, being a dictionary (ConvertFrom-Json -AsHashtable's, a hashtable
    /// literal), a key of that name: Apple's reply read with -AsHashtable has its keys there, not as properties, and was
    /// refused as "not a name for -Path" instead of being handed on to -InputObject (review31, finding 9).
    /// </summary>
    internal static class PipedKeys
    {
        internal static bool HasAny(PSObject record, IEnumerable<string> names) =>
            names.Any(name => record.Properties[name] != null) || IsDictionaryWithAny(record, names);

        internal static bool IsDictionaryWithAny(PSObject record, IEnumerable<string> keys) =>
            record.BaseObject is IDictionary dictionary && keys.Any(dictionary.Contains);
    }
}
