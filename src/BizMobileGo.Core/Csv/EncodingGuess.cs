using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>Why a file's encoding was chosen: the advice when one of its bytes then doesn't decode depends on it.</summary>
    internal enum EncodingBasis
    {
        /// <summary>-Encoding named it.</summary>
        Given,

        /// <summary>The file starts with a byte order mark.</summary>
        ByteOrderMark,

        /// <summary>Valid UTF-8 as far as it was judged, or most of its non-ASCII text is.</summary>
        Utf8,

        /// <summary>Not UTF-8, and it reads as Shift_JIS (CP932), perhaps but for a few bytes.</summary>
        ShiftJis,

        /// <summary>Neither reads: read as UTF-8, whose error names the first bad bytes.</summary>
        Neither,
    }

    /// <summary>A detected encoding and why it was chosen.</summary>
    internal readonly struct EncodingGuess
    {
        public EncodingGuess(Encoding encoding, EncodingBasis basis)
        {
            Encoding = encoding;
            Basis = basis;
        }

        public Encoding Encoding { get; }

        public EncodingBasis Basis { get; }
    }
}
