package org.anonkit.pipeline.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The fast path of a filtered JSON parse ({@link RecordInput#newParser(Predicate)}, the dictionary pass):
 * reads one record's object at the byte level, validating it, and hands over only the fields a
 * predicate wants, without tokenizing the rest through jackson.
 *
 * <p><b>It only ever accepts what the jackson path accepts, with the same fields.</b> It reads the
 * common shape of job ads: ASCII names without escapes, strict JSON values (RFC 8259 numbers, the three
 * literals, strings whose escapes are valid, nested values at most {@value #MAX_DEPTH} deep), no field
 * name twice in any case. Anything else, including every malformed record, makes it give up, and the
 * caller reads the record again with jackson, which then gives the same reason it always gave. A wanted
 * string that holds an escape, and a wanted nested value, are left to jackson too (its decoding and its
 * re-serialization are the reference). {@code JsonSkimTest} checks this against the jackson path on
 * random records, valid and broken.
 *
 * <p>Memory is bounded: names are remembered up to {@value #MAX_NAMES}, then forgotten between
 * records. Not thread-safe: one per parser.
 */
final class JsonSkim {
  static final int MAX_NAMES = 4096;
  static final int MAX_DEPTH = 32; // jackson's limit here is 64 (JsonSupport): nothing it rejects for depth is accepted
  private static final int MAX_NAME_BYTES = 256;
  private static final int MAX_NUMBER = 100; // jackson's default limit is 1000 characters
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
  private static final long SPACES = 0x2020202020202020L; // bytes below 0x20: control characters
  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final int SLOTS = 2 * MAX_NAMES; // a power of two

  private final NameTable.Cache names;
  private final Predicate<String> wanted;
  // names seen, by their exact bytes: open addressing on a 64-bit hash (0: empty slot)
  private final long[] slotHash = new long[SLOTS];
  private final int[] slotEntry = new int[SLOTS];
  private final byte[][] entryBytes = new byte[MAX_NAMES][];
  private final String[] entryName = new String[MAX_NAMES];
  private final boolean[] entryWanted = new boolean[MAX_NAMES];
  private final int[] entryFolded = new int[MAX_NAMES];
  private int entries;
  private final HashMap<String, Integer> folded = new HashMap<>(); // lower-cased name -> id (duplicates)
  private final int[] stamp = new int[MAX_NAMES];
  private int now;

  JsonSkim(NameTable.Cache names, Predicate<String> wanted) {
    this.names = names;
    this.wanted = wanted;
  }

  /**
   * Reads {@code b[s, e)} (valid UTF-8) as one JSON object and adds the wanted fields to {@code out};
   * false (with {@code out} perhaps half filled) when it gives the record up to jackson.
   */
  boolean read(byte[] b, int s, int e, FieldRecord out) {
    if (entries > MAX_NAMES - 64) { // room for one more record's new names? (between records only)
      forget();
    }
    if (++now == 0) {
      Arrays.fill(stamp, 0);
      now = 1;
    }
    int i = ws(b, s, e);
    if (i == e || b[i] != '{') {
      return false;
    }
    i = ws(b, i + 1, e);
    if (i < e && b[i] == '}') {
      return ws(b, i + 1, e) == e;
    }
    while (true) {
      if (i == e || b[i] != '"') {
        return false;
      }
      int ks = i + 1;
      int ke = stringStop(b, ks, e);
      if (ke == e || b[ke] != '"' || ke == ks || ke - ks > MAX_NAME_BYTES) {
        return false; // escaped, broken, empty or very long names: jackson's
      }
      int entry = entry(b, ks, ke);
      if (entry < 0) {
        return false; // not ASCII
      }
      int id = entryFolded[entry];
      if (stamp[id] == now) {
        return false; // a name twice: jackson's path names it
      }
      stamp[id] = now;
      i = ws(b, ke + 1, e);
      if (i == e || b[i] != ':') {
        return false;
      }
      i = ws(b, i + 1, e);
      if (i == e) {
        return false;
      }
      boolean want = entryWanted[entry];
      byte c = b[i];
      if (c == '"') {
        int vs = i + 1;
        int j = string(b, vs, e);
        if (j < 0) {
          return false;
        }
        if (want) {
          if (hasBackslash(b, vs, j)) {
            return false; // jackson decodes escapes
          }
          JsonRecordParser.addString(out, entryName[entry], new String(b, vs, j - vs, StandardCharsets.UTF_8));
        }
        i = j + 1;
      } else if (c == '{' || c == '[') {
        if (want) {
          return false; // jackson re-serializes nested values
        }
        i = nested(b, i, e, 1);
        if (i < 0) {
          return false;
        }
      } else {
        int j = scalar(b, i, e);
        if (j < 0) {
          return false;
        }
        if (want) {
          addScalar(out, entryName[entry], b, i, j);
        }
        i = j;
      }
      i = ws(b, i, e);
      if (i == e) {
        return false;
      }
      if (b[i] == ',') {
        i = ws(b, i + 1, e);
      } else if (b[i] == '}') {
        return ws(b, i + 1, e) == e;
      } else {
        return false;
      }
    }
  }

  private static void addScalar(FieldRecord out, String name, byte[] b, int s, int e) {
    switch (b[s]) {
      case 't':
        out.addUnchecked(name, FieldKind.BOOLEAN, "true");
        break;
      case 'f':
        out.addUnchecked(name, FieldKind.BOOLEAN, "false");
        break;
      case 'n':
        out.addUnchecked(name, FieldKind.UNDEFINED, "");
        break;
      default:
        boolean real = false;
        for (int k = s; k < e; k++) {
          real |= b[k] == '.' || b[k] == 'e' || b[k] == 'E';
        }
        out.addUnchecked(name, real ? FieldKind.REAL : FieldKind.INTEGER,
            new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        break;
    }
  }

  /** The end of a literal or number starting at {@code b[i]}, or -1 unless it is one and a delimiter follows. */
  private static int scalar(byte[] b, int i, int e) {
    int j;
    switch (b[i]) {
      case 't':
        j = literal(b, i, e, "true");
        break;
      case 'f':
        j = literal(b, i, e, "false");
        break;
      case 'n':
        j = literal(b, i, e, "null");
        break;
      default:
        j = number(b, i, e);
        break;
    }
    return j >= 0 && (j == e || delimiter(b[j])) ? j : -1;
  }

  private static boolean delimiter(byte c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static int literal(byte[] b, int i, int e, String word) {
    int n = word.length();
    if (e - i < n) {
      return -1;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != word.charAt(k)) {
        return -1;
      }
    }
    return i + n;
  }

  /** The end of an RFC 8259 number at {@code b[i]} (no leading zeros), or -1. */
  private static int number(byte[] b, int i, int e) {
    int s = i;
    if (i < e && b[i] == '-') {
      i++;
    }
    if (i == e) {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = digits(b, i + 1, e);
    } else {
      return -1;
    }
    if (i < e && b[i] == '.') {
      int j = digits(b, i + 1, e);
      if (j == i + 1) {
        return -1;
      }
      i = j;
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int j = digits(b, i, e);
      if (j == i) {
        return -1;
      }
      i = j;
    }
    return i - s <= MAX_NUMBER ? i : -1;
  }

  private static int digits(byte[] b, int i, int e) {
    while (i < e && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /** The end of a nested object or array starting at {@code b[i]}, validated, or -1. */
  private static int nested(byte[] b, int i, int e, int depth) {
    if (depth > MAX_DEPTH) {
      return -1;
    }
    boolean object = b[i] == '{';
    byte close = (byte) (object ? '}' : ']');
    i = ws(b, i + 1, e);
    if (i < e && b[i] == close) {
      return i + 1;
    }
    while (true) {
      if (i == e) {
        return -1;
      }
      if (object) {
        if (b[i] != '"') {
          return -1;
        }
        int j = string(b, i + 1, e);
        if (j < 0) {
          return -1;
        }
        i = ws(b, j + 1, e);
        if (i == e || b[i] != ':') {
          return -1;
        }
        i = ws(b, i + 1, e);
        if (i == e) {
          return -1;
        }
      }
      byte c = b[i];
      if (c == '"') {
        int j = string(b, i + 1, e);
        if (j < 0) {
          return -1;
        }
        i = j + 1;
      } else if (c == '{' || c == '[') {
        i = nested(b, i, e, depth + 1);
        if (i < 0) {
          return -1;
        }
      } else {
        i = scalar(b, i, e);
        if (i < 0) {
          return -1;
        }
      }
      i = ws(b, i, e);
      if (i == e) {
        return -1;
      }
      if (b[i] == close) {
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      i = ws(b, i + 1, e);
    }
  }

  /**
   * The index of the closing quote of a string whose content starts at {@code b[i]}, its escapes
   * validated as jackson validates them ({@code \" \\ \/ \b \f \n \r \t} and {@code \}{@code uXXXX}),
   * or -1 (unterminated, a control character, another escape).
   */
  private static int string(byte[] b, int i, int e) {
    while (true) {
      i = stringStop(b, i, e);
      if (i == e) {
        return -1;
      }
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c != '\\' || i + 1 == e) {
        return -1; // a control character, or a backslash at the end
      }
      switch (b[i + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          i += 2;
          break;
        case 'u':
          if (e - i < 6) {
            return -1;
          }
          for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(b[k], 16) < 0) {
              return -1;
            }
          }
          i += 6;
          break;
        default:
          return -1;
      }
    }
  }

  private static boolean hasBackslash(byte[] b, int s, int e) {
    for (int k = s; k < e; k++) {
      if (b[k] == '\\') {
        return true;
      }
    }
    return false;
  }

  /**
   * The index of the first {@code '"'}, {@code '\\'} or control character (below 0x20) in
   * {@code b[from, to)}, or {@code to}; eight bytes at a time. In each word, the lowest flagged byte is
   * a true one (a false flag can only follow a true one); bytes from 0x80 are never flagged.
   */
  static int stringStop(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long q = w ^ QUOTES;
      long s = w ^ BACKSLASHES;
      long found = ((q - ONES) & ~q | (s - ONES) & ~s | (w - SPACES) & ~w) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        return i;
      }
    }
    return to;
  }

  /** Skips JSON whitespace (space, tab, line feed, carriage return). */
  private static int ws(byte[] b, int i, int e) {
    while (i < e) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** The entry of the name {@code b[s, e)}, added if new; -1 if the name is not ASCII or the table is full. */
  private int entry(byte[] b, int s, int e) {
    if (entries == MAX_NAMES) {
      return -1; // a record with thousands of new names: jackson's (the table starts over before the next)
    }
    long h = (e - s) * MIX;
    long any = 0;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      long w = (long) LONGS.get(b, i);
      any |= w;
      h = Long.rotateLeft(h ^ w, 29) * MIX;
    }
    long tail = 0;
    for (; i < e; i++) {
      tail = tail << 8 | (b[i] & 0xff);
    }
    any |= tail;
    if ((any & HIGHS) != 0) {
      return -1;
    }
    h = (h ^ tail) * MIX;
    h ^= h >>> 31;
    if (h == 0) {
      h = 1;
    }
    int slot = (int) h & (SLOTS - 1);
    for (long sh; (sh = slotHash[slot]) != 0; slot = (slot + 1) & (SLOTS - 1)) {
      if (sh == h) {
        int k = slotEntry[slot];
        byte[] known = entryBytes[k];
        if (Arrays.equals(known, 0, known.length, b, s, e)) {
          return k;
        }
      }
    }
    int k = entries++;
    entryBytes[k] = Arrays.copyOfRange(b, s, e);
    String name = names.name(b, s, e);
    entryName[k] = name;
    entryWanted[k] = wanted.test(name);
    String lower = name.toLowerCase(Locale.ROOT);
    Integer f = folded.get(lower);
    if (f == null) {
      f = folded.size();
      folded.put(lower, f);
    }
    entryFolded[k] = f;
    slotHash[slot] = h;
    slotEntry[slot] = k;
    return k;
  }

  private void forget() {
    Arrays.fill(slotHash, 0);
    Arrays.fill(entryBytes, 0, entries, null);
    Arrays.fill(entryName, 0, entries, null);
    entries = 0;
    folded.clear();
    Arrays.fill(stamp, 0);
    now = 0;
  }
}
