namespace ResNetTab.Data;

/// <summary>Bytes of one top-level JSON value, with where it started; <see cref="Error"/> is set when it is known to be bad.</summary>
internal readonly record struct RawSegment(byte[] Data, long Line, long Column, long ByteOffset, string? Error);

/// <summary>Receives completed records from <see cref="JsonRecordScanner"/>; the bytes are valid only during the call.</summary>
internal interface ISegmentSink
{
    void Add(ReadOnlySpan<byte> data, long line, long column, long byteOffset, string? error);
}

/// <summary>
/// Splits a byte stream into top-level JSON values without parsing them, so each record is parsed (and
/// fails) on its own. Tracks strings, escapes and comments; reads a top-level array element by element.
/// Memory held is one record (capped) plus the current chunk.
/// </summary>
internal sealed class JsonRecordScanner(JsonLayout layout, int maxRecordBytes)
{
    private readonly Queue<RawSegment> _done = new();
    private byte[] _buf = new byte[4096];
    private int _len;
    private bool _capturing, _garbage, _oversized;
    private int _depth;
    private bool _topArray, _seenValue;
    private bool _layoutKnown, _lineOriented;
    private bool _inString, _escape, _lineComment, _blockComment, _slash, _star;
    private long _line = 1, _col, _offset;
    private long _recLine, _recCol, _recOffset;

    /// <summary>Completed segments, in input order.</summary>
    public Queue<RawSegment> Completed => _done;

    private int Base => _topArray ? 1 : 0;

    /// <summary>Consumes a chunk of input.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_offset == 0 && chunk.Length >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
        {
            chunk = chunk[3..];
            _offset = 3;
        }
        var i = 0;
        while (i < chunk.Length)
        {
            // Fast path inside a record: up to the next byte that can change the scanner's state (in a string:
            // quote, backslash, newline; outside: quotes, brackets, slash, newline) bytes only need copying.
            // Not at a line start, where a '{' in column 1 must still be seen by Step.
            if (_capturing && !_oversized && _col > 0 && !_escape && !_garbage && !_lineComment && !_blockComment && !_slash)
            {
                var rest = chunk[i..];
                // Runs are short (keys, values, ':' and ','): a table loop beats a vectorised search here.
                var stops = _inString ? StringStops : StructureStops;
                var run = 0;
                while (run < rest.Length && !stops[rest[run]]) run++;
                if (run > 0 && _len + run <= maxRecordBytes)
                {
                    while (_len + run > _buf.Length) Array.Resize(ref _buf, Math.Min(_buf.Length * 2, Math.Max(maxRecordBytes, 4096)));
                    rest[..run].CopyTo(_buf.AsSpan(_len));
                    _len += run;
                    _col += run;
                    _offset += run;
                    i += run;
                    continue;
                }
            }
            var b = chunk[i++];
            _col++;
            Step(b);
            _offset++;
            if (b == (byte)'\n')
            {
                _line++;
                _col = 0;
            }
        }
    }

    private static readonly bool[] StringStops = StopTable("\"\\\n"u8);
    private static readonly bool[] StructureStops = StopTable("\"{}[]/\n"u8);

    private static bool[] StopTable(ReadOnlySpan<byte> stops)
    {
        var table = new bool[256];
        foreach (var b in stops) table[b] = true;
        return table;
    }

    /// <summary>Signals the end of input; an unclosed record becomes a bad segment.</summary>
    public void Complete()
    {
        if (!_capturing) return;
        if (_garbage) Emit(null);
        else Emit("unexpected end of input: the record starting here is not closed");
    }

    private void Step(byte b)
    {
        // A '{' in the first column while a record is still open means that record was cut short
        // (e.g. a truncated JSON Lines record): report it and start afresh.
        if (layout == JsonLayout.Auto && _col == 1 && b == (byte)'{' && _capturing && !_garbage && !_blockComment && !_lineComment
            && IsCutShort())
        {
            Emit($"record is not closed before a new record starts at line {_line}");
            ResetLexical();
            _depth = Base;
        }

        if (_lineComment)
        {
            if (b == (byte)'\n') _lineComment = false;
            Append(b);
            EndOfLineInJsonLines(b);
            return;
        }
        if (_blockComment)
        {
            if (_star && b == (byte)'/') _blockComment = false;
            _star = b == (byte)'*';
            Append(b);
            return;
        }
        if (_inString)
        {
            if (_escape) _escape = false;
            else if (b == (byte)'\\') _escape = true;
            else if (b == (byte)'"') _inString = false;
            Append(b);
            EndOfLineInJsonLines(b);
            return;
        }
        if (_garbage)
        {
            if (b == (byte)'\n' || (_topArray && _depth == 1 && (b == (byte)',' || b == (byte)']')))
            {
                Emit(null);
                if (b == (byte)']') { _topArray = false; _depth = 0; }
                return;
            }
            Append(b);
            return;
        }
        if (_slash)
        {
            _slash = false;
            if (b == (byte)'/') { _lineComment = true; Append(b); return; }
            if (b == (byte)'*') { _blockComment = true; _star = false; Append(b); return; }
        }

        switch (b)
        {
            case (byte)'/':
                _slash = true;
                Append(b);
                return;
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                Append(b);
                EndOfLineInJsonLines(b);
                return;
            case (byte)'"':
                if (!_capturing)
                {
                    // A bare top-level string is not a record; keep it as one bad line.
                    Start(garbage: true);
                    Append(b);
                    return;
                }
                _inString = true;
                Append(b);
                return;
            case (byte)'{' or (byte)'[':
                if (!_capturing)
                {
                    if (b == (byte)'[' && layout == JsonLayout.Auto && _depth == 0 && !_seenValue)
                    {
                        _topArray = true;
                        _seenValue = true;
                        _depth = 1;
                        _arrayLevels |= 1;
                        return;
                    }
                    Start(garbage: false);
                }
                _depth++;
                if (_depth <= 64)
                {
                    if (b == (byte)'[') _arrayLevels |= 1UL << (_depth - 1);
                    else _arrayLevels &= ~(1UL << (_depth - 1));
                }
                Append(b);
                return;
            case (byte)'}' or (byte)']':
                if (!_capturing)
                {
                    if (_topArray && _depth == 1 && b == (byte)']') { _topArray = false; _depth = 0; return; }
                    Start(garbage: true);
                    Append(b);
                    return;
                }
                _depth--;
                Append(b);
                if (_depth <= Base)
                {
                    _depth = Base;
                    Emit(null);
                }
                return;
            case (byte)',':
                if (_capturing) Append(b);
                return;
            default:
                if (!_capturing) Start(garbage: true);
                Append(b);
                return;
        }
    }

    /// <summary>
    /// Whether the open record must have been cut short, given that a '{' starts the current line: always inside a
    /// string (JSON strings hold no raw newline); always once the input has shown itself to be one record per
    /// line; otherwise (pretty-printed input) unless the record's last significant byte expects a value there
    /// (':' , '[' , or ',' inside an array), as in an unindented nested object.
    /// </summary>
    private bool IsCutShort()
    {
        if (_inString || _lineOriented) return true;
        if (_oversized) return _depth > Base + 1;
        var last = LastSignificantByte();
        return last switch
        {
            (byte)':' or (byte)'[' => false,
            (byte)',' => !InArray(),
            _ => true,
        };
    }

    private byte LastSignificantByte()
    {
        for (var i = _len - 1; i >= 0; i--)
            if (_buf[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return _buf[i];
        return 0;
    }

    // Container kinds of the open levels (bit set: array), for the first 64 levels; deeper levels count as arrays.
    private ulong _arrayLevels;

    private bool InArray() => _depth > 64 || (_arrayLevels & (1UL << (_depth - 1))) != 0;

    private void EndOfLineInJsonLines(byte b)
    {
        if (b != (byte)'\n' || layout != JsonLayout.JsonLines || !_capturing) return;
        if (_garbage) { Emit(null); return; }
        if (_inString || _depth > Base) Emit("record does not end on its line (JSON Lines input)");
        ResetLexical();
        _depth = Base;
    }

    private void Start(bool garbage)
    {
        _capturing = true;
        _garbage = garbage;
        _seenValue = true;
        _recLine = _line;
        _recCol = _col;
        _recOffset = _offset;
        _len = 0;
        _oversized = false;
    }

    private void Append(byte b)
    {
        if (!_capturing || _oversized) return;
        if (_len == maxRecordBytes)
        {
            _oversized = true;
            return;
        }
        if (_len == _buf.Length) Array.Resize(ref _buf, Math.Min(_buf.Length * 2, Math.Max(maxRecordBytes, 4096)));
        _buf[_len++] = b;
    }

    /// <summary>
    /// When set, completed records are handed to this sink (bytes valid only during the call) instead of being
    /// copied into <see cref="Completed"/>: lets a batch consumer pack records into one buffer.
    /// </summary>
    public ISegmentSink? Sink { get; set; }

    private void Emit(string? error)
    {
        if (_oversized) error = $"record exceeds the limit of {maxRecordBytes} bytes";
        // The first good record decides whether the input is one record per line: it started a line and ended on it.
        if (!_layoutKnown && error == null && !_garbage)
        {
            _layoutKnown = true;
            _lineOriented = !_topArray && _recCol == 1 && _recLine == _line;
        }
        if (Sink != null) Sink.Add(_buf.AsSpan(0, _len), _recLine, _recCol, _recOffset, error);
        else _done.Enqueue(new RawSegment(_buf.AsSpan(0, _len).ToArray(), _recLine, _recCol, _recOffset, error));
        _capturing = false;
        _garbage = false;
        _oversized = false;
        _len = 0;
        // Keep the buffer from staying huge after one very large record.
        if (_buf.Length > 1 << 20) _buf = new byte[4096];
    }

    private void ResetLexical()
    {
        _inString = _escape = _lineComment = _blockComment = _slash = _star = false;
    }
}
