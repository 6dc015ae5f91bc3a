using System.Globalization;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Code page 932's decoder fallback: the codes Windows decodes and .NET does not (<see cref="ShiftJisDuplicateCodes"/>)
    /// become their characters; any other byte that doesn't decode throws, as <see cref="DecoderFallback.ExceptionFallback"/>
    /// does, or, for judging a file's encoding, is only counted.
    /// </summary>
    internal sealed class ShiftJisDecoderFallback : DecoderFallback
    {
        /// <summary>Throws on a byte that doesn't decode: the fallback of every code page 932 the module reads with.</summary>
        public static readonly ShiftJisDecoderFallback Strict = new ShiftJisDecoderFallback(counting: false);

        private readonly bool _counting;

        private ShiftJisDecoderFallback(bool counting)
        {
            _counting = counting;
        }

        /// <summary>Counts the bytes that don't decode instead of throwing; for one judgement (it is not thread-safe).</summary>
        public static ShiftJisDecoderFallback Counting() => new ShiftJisDecoderFallback(counting: true);

        /// <summary>Bytes that did not decode, when counting.</summary>
        public int UndecodableBytes { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        public override bool Equals(object? obj) => obj is ShiftJisDecoderFallback other && other._counting == _counting;

        public override int GetHashCode() => _counting ? 1 : 0;

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private readonly ShiftJisDecoderFallback _owner;
            private char _character;
            private int _remaining;
            private bool _given;

            public Buffer(ShiftJisDecoderFallback owner)
            {
                _owner = owner;
            }

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                if (bytesUnknown.Length == 2 && ShiftJisDuplicateCodes.TryDecode(bytesUnknown[0], bytesUnknown[1], out char character))
                {
                    _character = character;
                    _remaining = 1;
                    _given = false;
                    return true;
                }

                if (_owner._counting)
                {
                    _owner.UndecodableBytes += bytesUnknown.Length;
                    return false;
                }

                var hex = new StringBuilder();
                foreach (byte b in bytesUnknown)
                {
                    hex.Append('[').Append(b.ToString("X2", CultureInfo.InvariantCulture)).Append(']');
                }

                throw new DecoderFallbackException(
                    $"Unable to translate bytes {hex} at index {index} from specified code page to Unicode.", bytesUnknown, index);
            }

            public override char GetNextChar()
            {
                if (_remaining == 0)
                {
                    return '\0';
                }

                _remaining--;
                _given = true;
                return _character;
            }

            public override bool MovePrevious()
            {
                if (!_given)
                {
                    return false;
                }

                _given = false;
                _remaining = 1;
                return true;
            }

            public override void Reset()
            {
                _remaining = 0;
                _given = false;
            }
        }
    }
}
