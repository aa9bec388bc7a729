package org.anonkit.pipeline.io;

import java.util.Arrays;

/**
 * The record loop every format shares: framing flags become malformed records, everything else is
 * decoded by {@link #decode}, whose failure (a reason, never a value) becomes a malformed record too.
 * Not thread-safe.
 */
abstract class BaseParser implements ChunkParser {
  final FieldRecord record = new FieldRecord();
  final int maxRecord;

  BaseParser(int maxRecord) {
    this.maxRecord = maxRecord;
  }

  @Override
  public final void parse(Chunk chunk, RecordHandler handler) {
    byte[] b = chunk.data;
    for (int r = 0; r < chunk.count; r++) {
      long row = chunk.firstRow() + r;
      long line = chunk.lines[r];
      int s = chunk.starts[r];
      int e = chunk.ends[r];
      String reason;
      switch (chunk.flags[r]) {
        case Chunk.OVERSIZED:
          reason = "record longer than the maximum of " + maxRecord + " bytes";
          break;
        case Chunk.UNTERMINATED:
          reason = "record cut off by the end of the input";
          break;
        case Chunk.OVERSIZED_REST:
          reason = "the rest of the oversized record before it (quarantined in parts, none of its bytes dropped)";
          break;
        case Chunk.JUNK:
          reason = "unexpected content between records (expected a JSON object)";
          break;
        default:
          int bad = Utf8.firstInvalid(b, s, e);
          if (bad >= 0) {
            reason = "invalid UTF-8 at byte " + (bad - s) + " of the record";
          } else {
            record.reset(row, line);
            reason = decode(b, s, e, line);
          }
          break;
      }
      if (reason == null) {
        handler.record(record);
      } else {
        handler.malformed(new MalformedRecord(row, line, reason, Arrays.copyOfRange(b, s, e),
            chunk.flags[r] == Chunk.OVERSIZED));
      }
    }
  }

  /**
   * Decodes {@code b[s, e)} (valid UTF-8) into {@link #record}; returns null on success or the
   * reason it is malformed (no input values in it).
   */
  abstract String decode(byte[] b, int s, int e, long line);
}
