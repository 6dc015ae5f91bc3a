using System;
using System.IO;

namespace BizMobileGo.Core.Tests.Csv
{
    /// <summary>Hands out at most a few characters per read, to hit every buffer boundary of a reader under test.</summary>
    internal sealed class ChunkedReader : TextReader
    {
        private readonly string _text;
        private readonly int _chunk;
        private int _pos;

        public ChunkedReader(string text, int chunk)
        {
            _text = text;
            _chunk = chunk;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(Math.Min(count, _chunk), _text.Length - _pos);
            _text.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }
    }
}
