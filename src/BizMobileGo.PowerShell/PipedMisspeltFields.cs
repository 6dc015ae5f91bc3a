using System;
using System.Collections.Generic;
using System.Linq;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A piped record's properties that read as misspelt names of fields the command takes (<see cref="NameNotObjectAttribute.FieldsTaken"/>:
    /// an Import-Csv row's 'SerialNumber'), held from the binding that sees the record whole to the command's ProcessRecord,
    /// which alone knows whether the command would take those fields from the record. The record is refused only then:
    /// with -Disable (no serial taken) or -Serial on the command line (the command line's is taken), the misspelt column
    /// would have been read by nothing, and the row is applied.
    /// </summary>
    /// <remarks>
    /// PowerShell binds each piped record and then runs the command's ProcessRecord for it, on the same thread, with no
    /// other binding of that command between: one slot a thread holds the last record's. It is matched by the very key
    /// object the record bound (its Identifier's string, by reference), so a slot left by a record whose binding failed
    /// afterwards is never taken for another record's.
    /// </remarks>
    internal static class PipedMisspeltFields
    {
        private sealed class Held
        {
            public Held(object key, List<(string Name, string Field)> misspelt, Func<List<(string Name, string Field)>, string> refusal)
            {
                Key = key;
                Misspelt = misspelt;
                Refusal = refusal;
            }

            public object Key { get; }

            public List<(string Name, string Field)> Misspelt { get; }

            public Func<List<(string Name, string Field)>, string> Refusal { get; }
        }

        [ThreadStatic]
        private static Held? _held;

        /// <summary>Holds a piped record's misspelt fields, its key property's value and the words of its refusal, for <see cref="Refusal"/>.</summary>
        public static void Hold(object key, List<(string Name, string Field)> misspelt, Func<List<(string Name, string Field)>, string> refusal) =>
            _held = new Held(key, misspelt, refusal);

        /// <summary>Whether something is held for the record whose key was bound as <paramref name="boundKey"/>.</summary>
        public static bool Holds(object boundKey) => _held is Held held && ReferenceEquals(held.Key, boundKey);

        /// <summary>Forgets what was held: the record now being bound has no misspelt fields.</summary>
        public static void Clear() => _held = null;

        /// <summary>
        /// The refusal of the piped record whose key was bound as <paramref name="boundKey"/>, naming only the misspelt fields
        /// the command would take from it (<paramref name="takenFromRecord"/>: a field's parameter is in the parameter set
        /// and not given on the command line); null when nothing was held for it or none of them would be taken.
        /// </summary>
        public static string? Refusal(object boundKey, Func<string, bool> takenFromRecord)
        {
            Held? held = _held;
            if (held == null || !ReferenceEquals(held.Key, boundKey))
            {
                return null;
            }

            _held = null;
            var taken = held.Misspelt.Where(miss => takenFromRecord(miss.Field)).ToList();
            return taken.Count == 0 ? null : held.Refusal(taken);
        }
    }
}
