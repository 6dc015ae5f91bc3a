using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.Text
{
    /// <summary>
    /// A read-only list of an object's property (a change history entry's Changes, an import history entry's Errors) whose
    /// ToString() is every item on one line, joined by <see cref="OneLineList.Separator"/>. That is what Export-Csv and
    /// ConvertTo-Csv write for such a column: they write each property's .NET ToString() (a types.ps1xml ToString does not
    /// reach them), which for a plain List is its type name (walkthrough 16, 9; walkthrough 30, 6). Enumeration, indexing,
    /// Count, the console's views and ConvertTo-Json (an array of the items) see the list as any other.
    /// </summary>
    public class OneLineList<T> : IReadOnlyList<T>
    {
        private readonly IReadOnlyList<T> _items;

        /// <param name="items">Wrapped, not copied: a list still being filled shows its items as they come.</param>
        internal OneLineList(IReadOnlyList<T> items) => _items = items;

        public T this[int index] => _items[index];

        public int Count => _items.Count;

        public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Every item as its own ToString() says it, joined by <see cref="OneLineList.Separator"/>.</summary>
        public override string ToString()
        {
            var line = new StringBuilder();
            for (int i = 0; i < _items.Count; i++)
            {
                if (i != 0)
                {
                    line.Append(OneLineList.Separator);
                }

                line.Append(_items[i]?.ToString());
            }

            return line.ToString();
        }
    }

    /// <summary>The one rule of <see cref="OneLineList{T}"/>: how its items are joined, and how a list becomes one.</summary>
    public static class OneLineList
    {
        /// <summary>Between two items on the one line.</summary>
        public const string Separator = "; ";

        /// <summary><paramref name="items"/> as such a list: itself when it is one already (nothing is copied either way).</summary>
        public static IReadOnlyList<T> Of<T>(IReadOnlyList<T> items) =>
            items as OneLineList<T> ?? new OneLineList<T>(items ?? throw new ArgumentNullException(nameof(items)));
    }
}
