package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The condor -json framing, which skips the bytes inside strings a word at a time, against the byte-wise
 * scan it replaced (kept here as the reference): the same segments, offsets, line counts and flags on
 * random inputs fed in random pieces, as the splitter feeds buffer refills.
 */
class JsonObjectsFramingTest {
  private static final byte[] ALPHABET = {'{', '}', '[', ']', '"', '"', '\\', '\n', ',', ' ', 'a', 'a', 'a', '1', '\r', ':',
      (byte) 0xC3, (byte) 0xA9, '#', '!', '\\' + 1, '\\' - 1, '"' + 1, '"' - 1, 0x0b, 0x09, (byte) 0x8a, (byte) 0xa2,
      (byte) 0xdc, (byte) 0xdb};

  @Test
  void indexOfStringStop_matchesNaiveScan() {
    Random rnd = new Random(38);
    for (int t = 0; t < 50_000; t++) {
      byte[] b = new byte[rnd.nextInt(70)];
      for (int i = 0; i < b.length; i++) {
        b[i] = rnd.nextInt(12) == 0 ? ALPHABET[rnd.nextInt(ALPHABET.length)] : (byte) rnd.nextInt();
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + (b.length == from ? 0 : rnd.nextInt(b.length - from + 1));
      int expected = to;
      for (int i = from; i < to; i++) {
        if (b[i] == '"' || b[i] == '\\' || b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Framing.indexOfStringStop(b, from, to)).as("case %d", t).isEqualTo(expected);
    }
  }

  @Test
  void scan_matchesTheByteWiseScan_onRandomInputsInRandomPieces() {
    Random rnd = new Random(2026);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = randomInput(rnd);
      long seed = rnd.nextLong();
      assertThat(frame(new Framing.JsonObjects(), b, new Random(seed)))
          .as("case %d", t).isEqualTo(frame(new ByteWiseJsonObjects(), b, new Random(seed)));
    }
  }

  /** Objects with long strings (escapes, newlines, UTF-8) between array punctuation and junk. */
  private static byte[] randomInput(Random rnd) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int parts = rnd.nextInt(6);
    for (int p = 0; p < parts; p++) {
      int kind = rnd.nextInt(4);
      if (kind == 0) {
        for (int i = rnd.nextInt(200); i > 0; i--) {
          out.write(ALPHABET[rnd.nextInt(ALPHABET.length)]);
        }
      } else {
        blanks(out, rnd);
        out.write('{');
        for (int f = rnd.nextInt(5); f > 0; f--) {
          blanks(out, rnd);
          out.write('"');
          for (int i = rnd.nextInt(60); i > 0; i--) {
            int k = rnd.nextInt(20);
            out.write(k == 0 ? '\\' : k == 1 ? '\n' : k == 2 ? (byte) 0xC3 : k == 3 ? '{' : k == 4 ? '}' : 'x');
          }
          out.write('"');
          out.write(':');
          blanks(out, rnd); // a value on a line of its own (a nested object so is valid JSON)
          int v = rnd.nextInt(3);
          out.write(v == 0 ? '1' : v == 1 ? '[' : '{');
          if (rnd.nextInt(3) == 0) {
            out.write(v == 2 ? '}' : ']');
          }
          out.write(',');
        }
        if (rnd.nextInt(4) != 0) {
          out.write('}');
        }
        out.write(rnd.nextBoolean() ? ',' : '\n');
      }
    }
    return out.toByteArray();
  }

  /** Nothing, or a line break (LF or CRLF) and an indentation of spaces and tabs. */
  private static void blanks(java.io.ByteArrayOutputStream out, Random rnd) {
    if (rnd.nextBoolean()) {
      return;
    }
    if (rnd.nextInt(4) == 0) {
      out.write('\r');
    }
    out.write('\n');
    for (int i = rnd.nextInt(5); i > 0; i--) {
      out.write(rnd.nextInt(3) == 0 ? '\t' : ' ');
    }
  }

  /** Drives a framing as the splitter does: segments one after another, each scanned in random pieces. */
  private static List<String> frame(Framing f, byte[] b, Random rnd) {
    List<String> events = new ArrayList<>();
    int seg = 0;
    f.begin();
    int from = 0;
    while (from < b.length) {
      int to = Math.min(b.length, from + 1 + rnd.nextInt(40));
      int end = f.scan(b, seg, from, to);
      if (end < 0) {
        from = to;
        continue;
      }
      events.add(seg + ".." + end + " off=" + f.contentOff + " before=" + f.linesBefore + " lines=" + f.lines
          + " flags=" + f.flags);
      seg = end;
      from = end;
      f.begin();
    }
    f.finish(b, seg, b.length);
    events.add("finish " + seg + " off=" + f.contentOff + " before=" + f.linesBefore + " lines=" + f.lines
        + " flags=" + f.flags);
    return events;
  }

  /**
   * The condor -json framing a byte per step, as it was before it skipped string bytes a word at a time,
   * with the cut before a damaged ad's successor (review 32, 33) written byte-wise: a line break in a
   * string breaks the ad; a broken ad, or a '{' first on its line (blanks aside) directly inside an ad,
   * ends the record before that '{'.
   */
  static final class ByteWiseJsonObjects extends Framing {
    private static final int OUTSIDE = 0;
    private static final int OBJECT = 1;
    private static final int JUNK = 2;
    private static final int BROKEN = 3;
    private int state;
    private int depth;
    private boolean inString;
    private boolean escape;
    private boolean lineBlank; // nothing but blanks since the last '\n' or the input's start
    private boolean started; // the input's start is behind
    private boolean afterColon; // the last non-blank byte outside strings in the ad was ':'
    private int colonLead; // blanks where the last ':' was (the line's indentation)
    private int blanks; // spaces and tabs since then, while lineBlank
    private int adColumn; // spaces and tabs before the ad's '{' if it began its line, else the last such
    private int lastColumn; // kept across segments

    @Override
    void begin() {
      super.begin();
      state = OUTSIDE;
      depth = 0;
      inString = false;
      escape = false;
      lineBlank = !started;
      started = true;
      afterColon = false;
      colonLead = 0;
      blanks = 0;
      adColumn = 0;
    }

    @Override
    int scan(byte[] b, int seg, int from, int to) {
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (c == '\n') {
          lines++;
        }
        boolean blankBefore = lineBlank;
        int blanksBefore = blanks;
        lineBlank = c == '\n' || lineBlank && (c == ' ' || c == '\t' || c == '\r');
        blanks = c == '\n' ? 0 : lineBlank && (c == ' ' || c == '\t') ? blanks + 1 : blanks;
        switch (state) {
          case OBJECT:
            if (inString) {
              if (c == '\n') {
                state = BROKEN; // lineBlank is true: the '\n' just read
                inString = false;
                escape = false;
              } else if (escape) {
                escape = false;
              } else if (c == '\\') {
                escape = true;
              } else if (c == '"') {
                inString = false;
              }
              if (state == OBJECT) {
                lineBlank = false; // a string's bytes are no blanks of a line
              } else {
                blanks = 0;
              }
            } else if (c == '{' && blankBefore && depth == 1
                && (!afterColon || blanksBefore <= adColumn && blanksBefore < colonLead)) {
              return i;
            } else if (c == '"') {
              inString = true;
            } else if (c == '{' || c == '[') {
              depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
              return i + 1;
            }
            if (!inString && !isBlank(c) && c != '\n' || c == '"') {
              afterColon = c == ':';
            }
            if (c == ':' && !inString) {
              colonLead = blanks; // counted while the line was blank: its indentation
            }
            break;
          case BROKEN:
            if (c == '{' && blankBefore && blanksBefore <= adColumn) {
              return i;
            }
            break;
          case OUTSIDE:
            if (c == '{') {
              contentOff = i - seg;
              linesBefore = lines;
              state = OBJECT;
              depth = 1;
              lastColumn = blankBefore ? blanksBefore : lastColumn;
              adColumn = lastColumn;
              lineBlank = false;
            } else if (!(isBlank(c) || c == '\n' || c == ',' || c == '[' || c == ']')) {
              contentOff = i - seg;
              linesBefore = lines;
              state = JUNK;
              flags = Chunk.JUNK;
            }
            break;
          default: // JUNK ends with its line, or where an object starts
            if (c == '\n' || c == '{') {
              if (c == '\n') {
                lines--; // the newline belongs to the next segment
              }
              return i;
            }
            break;
        }
      }
      return -1;
    }

    @Override
    void finish(byte[] b, int seg, int to) {
      if (state == OBJECT || state == BROKEN) {
        flags = Chunk.UNTERMINATED;
      }
    }
  }
}
