package org.anonkit.pipeline.io;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes one JSON object per record (JSON lines and condor-json). Strings of the form
 * {@code "/Expr(...)/"} become {@link FieldKind#RAW}; nested objects and arrays become
 * {@link FieldKind#JSON} text.
 *
 * <p>Two paths, one result. A record that is a flat object in strict RFC 8259 JSON (scalar values
 * only, standard escapes, no escaped surrogates, names and numbers of ordinary length) is decoded by
 * a byte-level scanner ({@link #fastDecode}): no token objects, no number buffers, field names looked
 * up from their bytes. Everything else (nested values, anything the scanner is not sure about,
 * malformed records) goes to jackson-core's streaming parser, which also decides every error message.
 * The scanner accepts a subset of what jackson-core accepts here and produces the same fields, kinds
 * and texts; {@code JsonFastPathTest} checks both on valid, mutated and random records.
 */
final class JsonRecordParser extends BaseParser {
  static final String EXPR_OPEN = "/Expr(";
  static final String EXPR_CLOSE = ")/";

  private final JsonFactory factory;
  private final NameTable.Cache names;
  private final java.util.function.Predicate<String> wanted; // null: every field
  private final java.util.HashMap<String, Boolean> wantedByName;

  private final boolean fast;

  JsonRecordParser(JsonFactory factory, NameTable table, int maxRecord, java.util.function.Predicate<String> wanted) {
    this(factory, table, maxRecord, wanted, true);
  }

  /** {@code fast = false}: jackson-core only (tests compare the two paths). */
  JsonRecordParser(JsonFactory factory, NameTable table, int maxRecord, java.util.function.Predicate<String> wanted,
      boolean fast) {
    super(maxRecord);
    this.fast = fast;
    this.factory = factory;
    this.names = new NameTable.Cache(table);
    this.wanted = wanted;
    this.wantedByName = wanted == null ? null : new java.util.HashMap<>();
  }

  private boolean skip(String name) {
    Boolean w = wantedByName.get(name);
    if (w == null) {
      w = wanted.test(name);
      wantedByName.put(name, w);
    }
    return !w;
  }

  @Override
  String decode(byte[] b, int s, int e, long line) {
    if (fast) {
      if (fastDecode(b, s, e)) {
        return null;
      }
      record.reset(record.row(), record.line()); // the scanner may have added fields before giving up
    }
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), b, s, e - s)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "record is not a JSON object";
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = names.name(p.currentName());
        if (name.isEmpty()) {
          return "empty property name";
        }
        JsonToken v = p.nextToken();
        if (wanted != null && v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY && skip(name)) {
          // a scalar nobody reads: its text is not decoded (the tokenizer still validates it while
          // skipping, escapes included, so malformed records stay malformed); nested values go the
          // usual way below, whatever the field
          continue;
        }
        switch (v) {
          case VALUE_STRING:
            String text = p.getString();
            if (text.startsWith(EXPR_OPEN) && text.endsWith(EXPR_CLOSE)
                && text.length() >= EXPR_OPEN.length() + EXPR_CLOSE.length()) {
              record.addUnchecked(name, FieldKind.RAW,
                  text.substring(EXPR_OPEN.length(), text.length() - EXPR_CLOSE.length()));
            } else {
              record.addUnchecked(name, FieldKind.STRING, text);
            }
            break;
          case VALUE_NUMBER_INT:
            record.addUnchecked(name, FieldKind.INTEGER, p.getString());
            break;
          case VALUE_NUMBER_FLOAT:
            record.addUnchecked(name, FieldKind.REAL, p.getString());
            break;
          case VALUE_TRUE:
            record.addUnchecked(name, FieldKind.BOOLEAN, "true");
            break;
          case VALUE_FALSE:
            record.addUnchecked(name, FieldKind.BOOLEAN, "false");
            break;
          case VALUE_NULL:
            record.addUnchecked(name, FieldKind.UNDEFINED, "");
            break;
          default: // START_OBJECT or START_ARRAY
            StringWriter w = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), w)) {
              g.copyCurrentStructure(p);
            }
            record.addUnchecked(name, FieldKind.JSON, w.toString());
            break;
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return "invalid JSON object";
      }
      if (p.nextToken() != null) {
        return "unexpected content after the JSON object";
      }
      return null;
    } catch (JacksonException ex) {
      // jackson's message may quote input; report the position only.
      TokenStreamLocation loc = ex.getLocation();
      return loc == null ? "invalid JSON"
          : "invalid JSON at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
              + " of the record";
    }
  }

  // ---------------------------------------------------------------- the byte-level fast path

  private static final int MAX_FAST_NAME = 1000; // jackson's limit here is far above; longer names go to it
  private static final int MAX_FAST_NUMBER = 500; // jackson-core rejects numbers over 1000 characters
  /** Bytes that end a run of plain string content: '"', '\\' and the control characters. */
  private static final boolean[] STRING_STOP = new boolean[256];

  static {
    for (int c = 0; c < 0x20; c++) {
      STRING_STOP[c] = true;
    }
    STRING_STOP['"'] = true;
    STRING_STOP['\\'] = true;
  }

  private final StringBuilder unescaped = new StringBuilder();
  // field names seen by this parser, by a hash of their bytes (see fastDecode), and whether each is decoded
  private static final int QUICK = 1024;
  private final String[] quickNames = new String[QUICK];
  private final byte[][] quickBytes = new byte[QUICK][];
  private final boolean[] quickKeep = new boolean[QUICK];
  private int stringEnd; // set by string(): the index just after the closing quote

  /**
   * Decodes {@code b[s, e)} (valid UTF-8) into {@link #record} if it is a flat JSON object the
   * scanner is sure of; returns false if not (nested value, unusual spelling, or not valid JSON), in
   * which case the record must be cleared and decoded by jackson-core.
   */
  boolean fastDecode(byte[] b, int s, int e) {
    int i = ws(b, s, e);
    if (i >= e || b[i] != '{') {
      return false;
    }
    i = ws(b, i + 1, e);
    if (i < e && b[i] == '}') {
      return ws(b, i + 1, e) == e;
    }
    while (true) {
      if (i >= e || b[i] != '"') {
        return false;
      }
      int ns = i + 1;
      int ne = plainEnd(b, ns, e);
      if (ne >= e || b[ne] != '"' || ne == ns || ne - ns > MAX_FAST_NAME) {
        return false; // an escaped, empty or unterminated name: jackson-core's path
      }
      i = ws(b, ne + 1, e);
      if (i >= e || b[i] != ':') {
        return false;
      }
      i = ws(b, i + 1, e);
      if (i >= e) {
        return false;
      }
      // a field name: looked up in this parser's small table by a cheap hash of its bytes (length,
      // first, middle and last byte), verified byte for byte; the name table otherwise
      int len = ne - ns;
      int slot = (len * 31 + b[ns] * 7 + b[ns + (len >> 1)] * 131 + b[ne - 1]) & (QUICK - 1);
      String name;
      boolean keep;
      byte[] known = quickBytes[slot];
      if (known != null && Arrays.equals(b, ns, ne, known, 0, known.length)) {
        name = quickNames[slot];
        keep = quickKeep[slot];
      } else {
        name = names.name(b, ns, ne);
        keep = wanted == null || !skip(name);
        quickNames[slot] = name;
        quickBytes[slot] = Arrays.copyOfRange(b, ns, ne);
        quickKeep[slot] = keep;
      }
      byte c = b[i];
      if (c == '"') {
        String text = string(b, i + 1, e, keep);
        if (stringEnd < 0) {
          return false;
        }
        i = stringEnd;
        if (keep) {
          if (text.startsWith(EXPR_OPEN) && text.endsWith(EXPR_CLOSE)
              && text.length() >= EXPR_OPEN.length() + EXPR_CLOSE.length()) {
            record.addUnchecked(name, FieldKind.RAW,
                text.substring(EXPR_OPEN.length(), text.length() - EXPR_CLOSE.length()));
          } else {
            record.addUnchecked(name, FieldKind.STRING, text);
          }
        }
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int ve = number(b, i, e);
        if (ve < 0 || ve - i > MAX_FAST_NUMBER) {
          return false;
        }
        if (keep) {
          boolean real = false;
          for (int k = i; k < ve && !real; k++) {
            real = b[k] == '.' || b[k] == 'e' || b[k] == 'E';
          }
          record.addUnchecked(name, real ? FieldKind.REAL : FieldKind.INTEGER,
              new String(b, i, ve - i, StandardCharsets.ISO_8859_1));
        }
        i = ve;
      } else if (literal(b, i, e, "true")) {
        if (keep) {
          record.addUnchecked(name, FieldKind.BOOLEAN, "true");
        }
        i += 4;
      } else if (literal(b, i, e, "false")) {
        if (keep) {
          record.addUnchecked(name, FieldKind.BOOLEAN, "false");
        }
        i += 5;
      } else if (literal(b, i, e, "null")) {
        if (keep) {
          record.addUnchecked(name, FieldKind.UNDEFINED, "");
        }
        i += 4;
      } else {
        return false; // a nested object or array, or not JSON
      }
      // a value ends at whitespace, ',' or '}' (so "truex" or "1x" go to jackson-core, which rejects them)
      i = ws(b, i, e);
      if (i >= e) {
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

  /**
   * The string whose content starts at {@code i} (after the opening quote), decoded if {@code keep}
   * (else null); sets {@link #stringEnd} after the closing quote, or to -1 if the scanner gives up:
   * unterminated, a control character, an escape other than the standard ones, or a {@code \\u}
   * escape of a surrogate (left to jackson-core).
   */
  private String string(byte[] b, int i, int e, boolean keep) {
    int start = i;
    i = plainEnd(b, i, e);
    if (i < e && b[i] == '"') {
      stringEnd = i + 1;
      return keep ? new String(b, start, i - start, StandardCharsets.UTF_8) : null;
    }
    // escapes: decode from here on
    StringBuilder sb = unescaped;
    sb.setLength(0);
    int plain = start;
    while (true) {
      i = plainEnd(b, i, e);
      if (i >= e || b[i] != '\\') {
        if (i < e && b[i] == '"') {
          stringEnd = i + 1;
          if (!keep) {
            return null;
          }
          sb.append(new String(b, plain, i - plain, StandardCharsets.UTF_8));
          return sb.toString();
        }
        stringEnd = -1; // a control character or the end of the record
        return null;
      }
      if (keep && i > plain) {
        sb.append(new String(b, plain, i - plain, StandardCharsets.UTF_8));
      }
      if (i + 1 >= e) {
        stringEnd = -1;
        return null;
      }
      char ch;
      switch (b[i + 1]) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
          if (i + 6 > e) {
            stringEnd = -1;
            return null;
          }
          int v = 0;
          for (int k = i + 2; k < i + 6; k++) {
            int d = Character.digit(b[k] & 0xff, 16);
            if (d < 0 || b[k] < 0) {
              stringEnd = -1;
              return null;
            }
            v = v * 16 + d;
          }
          if (v >= 0xd800 && v <= 0xdfff) {
            stringEnd = -1; // surrogates: jackson-core's path decides
            return null;
          }
          ch = (char) v;
          i += 4;
          break;
        }
        default:
          stringEnd = -1;
          return null;
      }
      if (keep) {
        sb.append(ch);
      }
      i += 2;
      plain = i;
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first index from {@code i} of a byte that ends plain string content ('"', '\\' or a control
   * character), or {@code e}: eight bytes at a time while none of them is one (a zero byte in
   * {@code x ^ '"'} or {@code x ^ '\\'}, or a byte below 0x20; the usual exact tests for "some byte").
   */
  static int plainEnd(byte[] b, int i, int e) {
    while (i + 8 <= e) {
      long x = (long) LONGS.get(b, i);
      long q = x ^ 0x2222222222222222L;
      long s = x ^ 0x5c5c5c5c5c5c5c5cL;
      if (((((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - 0x2020202020202020L) & ~x)) & HIGHS) != 0) {
        break;
      }
      i += 8;
    }
    while (i < e && !STRING_STOP[b[i] & 0xff]) {
      i++;
    }
    return i;
  }

  /** The end of the RFC 8259 number starting at {@code i}, or -1. */
  private static int number(byte[] b, int i, int e) {
    int j = i;
    if (b[j] == '-') {
      j++;
    }
    if (j >= e) {
      return -1;
    }
    if (b[j] == '0') {
      j++;
    } else if (b[j] >= '1' && b[j] <= '9') {
      while (j < e && b[j] >= '0' && b[j] <= '9') {
        j++;
      }
    } else {
      return -1;
    }
    if (j < e && b[j] == '.') {
      int d = ++j;
      while (j < e && b[j] >= '0' && b[j] <= '9') {
        j++;
      }
      if (j == d) {
        return -1;
      }
    }
    if (j < e && (b[j] == 'e' || b[j] == 'E')) {
      j++;
      if (j < e && (b[j] == '+' || b[j] == '-')) {
        j++;
      }
      int d = j;
      while (j < e && b[j] >= '0' && b[j] <= '9') {
        j++;
      }
      if (j == d) {
        return -1;
      }
    }
    return j;
  }

  private static boolean literal(byte[] b, int i, int e, String word) {
    if (i + word.length() > e) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (b[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Skips JSON whitespace (space, tab, line feed, carriage return). */
  private static int ws(byte[] b, int i, int e) {
    while (i < e && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }
}
