package org.anonkit.pipeline.io;

/**
 * Finds where records end in a byte stream, one "segment" (a record plus the separators before it)
 * at a time, incrementally across buffer refills. Positions are kept relative to the segment start
 * so the splitter may move the buffer. Not thread-safe: one per splitter.
 */
abstract class Framing {
  /** Offset of the record's first byte from the segment start; -1 while the segment has none. */
  int contentOff;
  /** Newlines between the segment start and the record's first byte. */
  int linesBefore;
  /** Newlines in the segment so far. */
  int lines;
  /** {@link Chunk} record flag for the current record. */
  byte flags;

  void begin() {
    contentOff = -1;
    linesBefore = 0;
    lines = 0;
    flags = 0;
  }

  /**
   * Scans {@code b[from, to)} of the segment starting at {@code seg}; returns the segment's end
   * (exclusive) or -1 if it goes on past {@code to}.
   */
  abstract int scan(byte[] b, int seg, int from, int to);

  /** The input ended; decides whether {@code b[seg, to)} holds a (possibly cut-off) record. */
  abstract void finish(byte[] b, int seg, int to);

  /**
   * The segment has grown past the maximum record size without ending: sets {@link #contentOff} if
   * its bytes so far, {@code b[seg, to)}, hold a record, so that the splitter keeps the record's start
   * as an oversized record instead of dropping the bytes as separators. A format that finds records
   * as it scans needs nothing here; those that classify a line only at its end look at it now.
   */
  void unfinished(byte[] b, int seg, int to) {}

  /** The first {@code n} bytes of the segment were dropped (oversized record or endless blanks). */
  void discard(int n) {
    if (contentOff >= 0) {
      contentOff = Math.max(0, contentOff - n);
    }
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1; eight bytes at a time. */
  static int indexOfNewline(byte[] b, int from, int to) {
    return indexOf(b, from, to, (byte) '\n');
  }

  /**
   * The index of the first byte {@code c} in {@code b[from, to)}, or -1; 32 bytes a step while none is
   * {@code c} (a JSON line is some 3 KB), then eight at a time.
   */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = (c & 0xffL) * ONES;
    int i = from;
    for (; i + 32 <= to; i += 32) {
      long v0 = ((long) LONGS.get(b, i)) ^ pattern;
      long v1 = ((long) LONGS.get(b, i + 8)) ^ pattern;
      long v2 = ((long) LONGS.get(b, i + 16)) ^ pattern;
      long v3 = ((long) LONGS.get(b, i + 24)) ^ pattern;
      if (((((v0 - ONES) & ~v0) | ((v1 - ONES) & ~v1) | ((v2 - ONES) & ~v2) | ((v3 - ONES) & ~v3)) & HIGHS) != 0) {
        break;
      }
    }
    for (; i + 8 <= to; i += 8) {
      long v = ((long) LONGS.get(b, i)) ^ pattern;
      long found = (v - ONES) & ~v & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /**
   * The index of the first {@code '"'}, {@code '\\'} or {@code '\n'} in {@code b[from, to)}, or {@code to};
   * eight bytes at a time. (In each word, the lowest byte flagged by {@code (x - ONES) & ~x & HIGHS} is
   * a zero byte of {@code x}: a false flag can only follow a true one.)
   */
  static int indexOfStringStop(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long q = w ^ QUOTES;
      long s = w ^ BACKSLASHES;
      long n = w ^ NEWLINES;
      long found = ((q - ONES) & ~q | (s - ONES) & ~s | (n - ONES) & ~n) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || c == '\n') {
        return i;
      }
    }
    return to;
  }

  static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  static Framing of(RecordFormat f) {
    switch (f) {
      case JSONL:
        return new Lines();
      case CSV:
        return new Csv();
      case CONDOR:
        return new Condor();
      default:
        return new JsonObjects();
    }
  }

  /** JSON lines: a segment is a line; blank lines hold no record. */
  static final class Lines extends Framing {
    @Override
    int scan(byte[] b, int seg, int from, int to) {
      int i = indexOfNewline(b, from, to);
      if (i < 0) {
        return -1;
      }
      lines = 1;
      classify(b, seg, i);
      return i + 1;
    }

    private void classify(byte[] b, int seg, int end) {
      for (int j = seg; j < end; j++) {
        if (!isBlank(b[j])) {
          contentOff = 0;
          return;
        }
      }
    }

    @Override
    void finish(byte[] b, int seg, int to) {
      classify(b, seg, to);
    }

    @Override
    void unfinished(byte[] b, int seg, int to) {
      classify(b, seg, to);
    }
  }

  /** RFC 4180 rows: a newline inside a quoted cell does not end the row. */
  static final class Csv extends Framing {
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private int state;
    boolean blankLinesAreRecords;

    @Override
    void begin() {
      super.begin();
      state = FIELD_START;
    }

    @Override
    int scan(byte[] b, int seg, int from, int to) {
      int st = state;
      for (int i = from; i < to; i++) {
        byte c = b[i];
        switch (st) {
          case FIELD_START:
          case UNQUOTED:
            if (c == '\n') {
              lines++;
              rowEnd(b, seg, i);
              state = st;
              return i + 1;
            } else if (c == ',') {
              st = FIELD_START;
            } else if (c == '"' && st == FIELD_START) {
              st = QUOTED;
            } else {
              st = UNQUOTED;
            }
            break;
          case QUOTED:
            if (c == '"') {
              st = QUOTE_IN_QUOTED;
            } else if (c == '\n') {
              lines++;
            }
            break;
          default: // QUOTE_IN_QUOTED
            if (c == '"') {
              st = QUOTED;
            } else if (c == ',') {
              st = FIELD_START;
            } else if (c == '\n') {
              lines++;
              rowEnd(b, seg, i);
              state = st;
              return i + 1;
            } else {
              st = UNQUOTED; // malformed; the parser reports it
            }
            break;
        }
      }
      state = st;
      return -1;
    }

    private void rowEnd(byte[] b, int seg, int nl) {
      int end = nl;
      if (end > seg && b[end - 1] == '\r') {
        end--;
      }
      if (end > seg || blankLinesAreRecords) {
        contentOff = 0;
      }
    }

    @Override
    void finish(byte[] b, int seg, int to) {
      if (to > seg) {
        contentOff = 0;
      }
      if (state == QUOTED) {
        flags = Chunk.UNTERMINATED;
      }
    }

    @Override
    void unfinished(byte[] b, int seg, int to) {
      if (to > seg) { // a row without its line end yet: blank lines are segments of their own
        contentOff = 0;
      }
    }
  }

  /**
   * HTCondor -long: an ad is a run of attribute lines ended by a blank line or a banner ({@code -- Schedd:
   * ...}, {@code *** ...}). A line whose first non-blank character is {@code #} is a comment, as
   * HTCondor's own reader of such files takes it ({@code CondorQClassAdFileParseHelper::PreParse}):
   * skipped, neither starting nor ending an ad.
   */
  static final class Condor extends Framing {
    private int lineStart; // relative to the segment
    private boolean lineStartLost;

    @Override
    void begin() {
      super.begin();
      lineStart = 0;
      lineStartLost = false;
    }

    @Override
    int scan(byte[] b, int seg, int from, int to) {
      for (int i = from; (i = indexOfNewline(b, i, to)) >= 0; i++) {
        int kind = lineStartLost ? CONTENT : lineKind(b, seg + lineStart, i);
        lineStartLost = false;
        lines++;
        if (kind == CONTENT) {
          if (contentOff < 0) {
            contentOff = lineStart;
            linesBefore = lines - 1;
          }
        } else if (kind == SEPARATOR && contentOff >= 0) {
          return i + 1;
        }
        lineStart = i + 1 - seg;
      }
      return -1;
    }

    /** A line's kinds: a blank line or a banner, which ends an ad; an attribute line; a comment. */
    static final int SEPARATOR = 0;
    static final int CONTENT = 1;
    static final int COMMENT = 2;

    /** The kind of the line {@code b[from, to)} (its line end excluded). */
    static int lineKind(byte[] b, int from, int to) {
      int i = from;
      while (i < to && isBlank(b[i])) {
        i++;
      }
      if (i == to) {
        return SEPARATOR;
      }
      if (b[i] == '#') {
        return COMMENT;
      }
      if (i + 3 <= to && b[i] == '*' && b[i + 1] == '*' && b[i + 2] == '*') {
        return SEPARATOR;
      }
      return i + 3 <= to && b[i] == '-' && b[i + 1] == '-' && b[i + 2] == ' ' ? SEPARATOR : CONTENT;
    }

    /** Whether {@code b[from, to)} is an attribute line: neither blank, a banner nor a comment. */
    static boolean isContentLine(byte[] b, int from, int to) {
      return lineKind(b, from, to) == CONTENT;
    }

    @Override
    void finish(byte[] b, int seg, int to) {
      if (contentOff < 0 && lineStart < to - seg
          && (lineStartLost || isContentLine(b, seg + lineStart, to))) {
        contentOff = lineStart;
        linesBefore = lines;
      }
    }

    @Override
    void unfinished(byte[] b, int seg, int to) {
      finish(b, seg, to); // the unfinished line starts the ad if it is a content line
    }

    @Override
    void discard(int n) {
      super.discard(n);
      lineStart -= n;
      if (lineStart < 0) {
        lineStart = 0;
        lineStartLost = true;
      }
    }
  }

  /**
   * condor -json: top-level objects, inside or outside a JSON array, found by a string-aware scan.
   * A damaged ad (a quote or a closing brace lost) would run on to the end of the input, swallowing every
   * ad after it (found by {@code CorruptedInputTest}: 100 of 120 ads in one quarantined row), so its
   * record ends before the next line whose first character other than blanks is '{' and that starts
   * another ad: after a line break inside a string (no JSON string holds one, so the ad is broken
   * there, and its quotes and brackets are no longer followed), a '{' as far in as the ad's own or less (or
   * as the ads' before it, where damage joined its line to the one before); else a '{' directly inside the
   * ad (not inside a nested list or object) where no value can start, or, after a ':', one no further in
   * than the ad's '{' and less far in than its key's line (an ad cut off after a key; further in, or
   * as far in as its key, it is a nested object written on a line of its own, as valid JSON may be). HTCondor starts every ad on a line of its own and writes an attribute's
   * value on its name's line; so do {@code jq} and {@code json.dump(indent=...)}, whose indented ads
   * and lists of objects are read as written. The cut record is malformed, and quarantined. Not cut: an
   * ad damaged inside a nested list or object (a file cut off in the middle of {@code "Args": [}) runs
   * on to the next such line at its own depth or to the end, quarantined whole, counted, not lost.
   */
  static final class JsonObjects extends Framing {
    private static final int OUTSIDE = 0;
    private static final int OBJECT = 1;
    private static final int JUNK = 2;
    private static final int BROKEN = 3; // a line break in a string: only the next ad's start matters
    private int state;
    private int depth;
    private boolean inString;
    private boolean escape;
    private boolean blank; // only blanks since the last line break or the input's start (outside strings)
    private boolean started; // a segment began before: the input's first line is behind
    private boolean afterColon; // the last byte in the ad outside strings and blanks was ':' (a value follows)
    private int colonLead; // the indentation of the line of the last ':'
    private int indent; // the blanks that begin the current line (counted while blank, then its indentation)
    private int adIndent; // the blanks before the ad's '{' on its line, or the last ad's where it was not first
    private int lastIndent; // the last such count seen, kept from ad to ad (0 before any)

    @Override
    void begin() {
      super.begin();
      state = OUTSIDE;
      depth = 0;
      inString = false;
      escape = false;
      blank = !started; // the input's first line starts here
      started = true;
      afterColon = false;
      colonLead = 0;
      indent = 0;
      adIndent = 0;
    }

    @Override
    int scan(byte[] b, int seg, int from, int to) {
      // State lives in locals inside the loop (the JIT keeps them in registers) and is saved on exit.
      int st = state;
      int d = depth;
      int ln = lines;
      boolean str = inString;
      boolean esc = escape;
      boolean bl = blank;
      boolean col = afterColon;
      int cld = colonLead;
      int ind = indent;
      int i = from;
      int result = -1;
      scan:
      while (i < to) {
        byte c = b[i++];
        if (c == '\n') {
          ln++;
        }
        if (st == OBJECT) {
          if (str) {
            if (esc) {
              esc = false;
              if (c == '\n') {
                st = BROKEN; // an escaped line break: no string holds one either
                bl = true;
                ind = 0;
                str = false;
              }
              continue;
            }
            // inside a string: only a backslash, a quote or a line break matters
            while (c != '"') {
              if (c == '\n') {
                st = BROKEN;
                bl = true;
                ind = 0;
                str = false;
                continue scan;
              }
              if (c == '\\') {
                if (i == to) {
                  esc = true;
                  break scan;
                }
                if (b[i++] == '\n') {
                  ln++;
                  st = BROKEN;
                  bl = true;
                  ind = 0;
                  str = false;
                  continue scan;
                }
              } else {
                i = indexOfStringStop(b, i, to); // the bytes before it change nothing
              }
              if (i == to) {
                break scan;
              }
              c = b[i++];
              if (c == '\n') {
                ln++;
              }
            }
            str = false; // bl is false since the string began
          } else if (c == '"') {
            str = true;
            bl = false;
            col = false;
          } else if (c == '\n') {
            bl = true;
            ind = 0;
          } else if (c == '{') {
            if (bl && d == 1 && (!col || ind <= adIndent && ind < cld)) {
              // no value can start here: a damaged ad ends before the line where the next one starts. After
              // a ':' it is a nested object written on a line of its own (valid JSON), unless it is no
              // further in than the ad's '{' and less far in than its key's line: then the ad was cut off
              // after a key and this is the next one (reviews 34-36)
              result = i - 1;
              break;
            }
            d++;
            bl = false;
            col = false;
          } else if (c == '[') {
            d++;
            bl = false;
            col = false;
          } else if ((c == '}' || c == ']') && --d == 0) {
            result = i;
            break;
          } else if (c == ' ' || c == '\t') {
            if (bl) {
              ind++; // the line's indentation: blanks after its first other byte do not count
            }
          } else if (c != '\r') {
            bl = false;
            col = c == ':';
            if (col) {
              cld = ind;
            }
          }
        } else if (st == BROKEN) {
          // the next ad starts on a line of its own, as far in as this one did or less (objects inside it
          // are further in; review 35: one less far in, after an ad indented on the first line)
          if (c == '{' && bl && ind <= adIndent) {
            result = i - 1;
            break;
          }
          if (c == '\n') {
            bl = true;
            ind = 0;
          } else if (c == ' ' || c == '\t') {
            ind++;
          } else if (c != '\r') {
            bl = false;
          }
        } else if (st == OUTSIDE) {
          if (c == '{') {
            contentOff = i - 1 - seg;
            linesBefore = ln;
            st = OBJECT;
            d = 1;
            if (bl) {
              lastIndent = ind;
            }
            adIndent = lastIndent; // a damaged line break before it: as far in as the ads before
            bl = false;
          } else if (c == '\n') {
            bl = true;
            ind = 0;
          } else if (isBlank(c)) {
            if (bl && c != '\r') {
              ind++;
            }
          } else if (c == ',' || c == '[' || c == ']') {
            bl = false;
          } else {
            contentOff = i - 1 - seg;
            linesBefore = ln;
            st = JUNK;
            flags = Chunk.JUNK;
          }
        } else if (c == '\n' || c == '{') { // JUNK ends with its line, or where an object starts
          if (c == '\n') {
            ln--; // the newline belongs to the next segment
          }
          result = i - 1;
          break;
        }
      }
      state = st;
      depth = d;
      lines = ln;
      inString = str;
      escape = esc;
      blank = bl;
      afterColon = col;
      colonLead = cld;
      indent = ind;
      return result;
    }

    @Override
    void finish(byte[] b, int seg, int to) {
      if (state == OBJECT || state == BROKEN) {
        flags = Chunk.UNTERMINATED;
      }
    }
  }
}
