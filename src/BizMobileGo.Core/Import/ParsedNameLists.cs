using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The Organizations and DeviceTags texts a planner has parsed (<see cref="NameList.TryParse"/>), each with its list: a
    /// file's rows name the same few lists again and again, and each row parsed its own (the array, the read-only wrapper,
    /// an item's text each, joined again to be stored: ~150 bytes a row; alloc46). The lists are read-only, so records share
    /// them. Bounded: a file of ever new lists parses the lists past the bound each time, as before, and memory stays flat.
    /// </summary>
    internal sealed class ParsedNameLists
    {
        private const int Kept = 256;

        private readonly Dictionary<string, IReadOnlyList<string>> _byText = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        /// <summary>
        /// <see cref="NameList.TryParse"/>, answered from the lists kept when <paramref name="text"/> was parsed before (only
        /// lists that follow the rules are kept: a broken one is parsed again for its error).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool TryParse(string? text, out IReadOnlyList<string> names, out string? violatedRule)
        {
            if (text == null || text.Length == 0)
            {
                return NameList.TryParse(text, out names, out violatedRule);
            }

            if (_byText.TryGetValue(text, out IReadOnlyList<string>? kept))
            {
                names = kept;
                violatedRule = null;
                return true;
            }

            if (!NameList.TryParse(text, out names, out violatedRule))
            {
                return false;
            }

            if (_byText.Count < Kept)
            {
                _byText.Add(text, names);
            }

            return true;
        }
    }
}
