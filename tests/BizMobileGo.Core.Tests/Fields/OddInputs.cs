using System.Collections.Generic;

namespace BizMobileGo.Core.Tests.Fields
{
    /// <summary>Inputs that parsers must survive: they may reject them, but must not throw.</summary>
    public static class OddInputs
    {
        public static IEnumerable<object?[]> All()
        {
            yield return new object?[] { null };
            yield return new object?[] { "" };
            yield return new object?[] { "   \t\r\n " };
            yield return new object?[] { "\0" };
            yield return new object?[] { "ab\0cd" };
            yield return new object?[] { new string('a', 10000) };
            yield return new object?[] { new string('9', 10000) };
            yield return new object?[] { new string('|', 10000) };
            yield return new object?[] { new string('-', 10000) };
            yield return new object?[] { "\uFF21\uFF22\uFF23" };
            yield return new object?[] { "\u0661\u0662\u0663" };
            yield return new object?[] { "\u0131os" };
            yield return new object?[] { "\u017Ferial" };
            yield return new object?[] { "\uD83D\uDE00" };
            yield return new object?[] { "\uD800" };
            yield return new object?[] { "\uDC00x" };
            yield return new object?[] { "\u200F\u202E" };
            yield return new object?[] { "@" };
            yield return new object?[] { "a@" };
            yield return new object?[] { "@@@" };
            yield return new object?[] { ":" };
            yield return new object?[] { "-" };
            yield return new object?[] { "/" };
            yield return new object?[] { "." };
            yield return new object?[] { "2147483648" };
            yield return new object?[] { "-2147483649" };
        }
    }
}
