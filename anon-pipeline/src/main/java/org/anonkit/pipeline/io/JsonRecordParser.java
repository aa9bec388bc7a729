package org.anonkit.pipeline.io;

import java.io.StringWriter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes one JSON object per record with jackson-core's streaming parser (JSON lines and
 * condor-json). Strings of the form {@code "/Expr(...)/"} become {@link FieldKind#RAW}; nested objects
 * and arrays become {@link FieldKind#JSON} text.
 */
final class JsonRecordParser extends BaseParser {
  static final String EXPR_OPEN = "/Expr(";
  static final String EXPR_CLOSE = ")/";

  private final JsonFactory factory;
  private final NameTable.Cache names;
  private final java.util.function.Predicate<String> wanted; // null: every field
  private final java.util.HashMap<String, Boolean> wantedByName;
  private final DuplicateNames duplicates = new DuplicateNames();

  JsonRecordParser(JsonFactory factory, NameTable table, int maxRecord, java.util.function.Predicate<String> wanted) {
    super(maxRecord);
    this.factory = factory;
    this.names = new NameTable.Cache(table);
    this.wanted = wanted;
    this.wantedByName = wanted == null ? null : new java.util.HashMap<>();
  }

  /** Field names whose filter decision is remembered: names that are data (a key per job) are not all kept. */
  static final int MAX_REMEMBERED = 4096;

  private boolean skip(String name) {
    Boolean w = wantedByName.get(name);
    if (w == null) {
      w = wanted.test(name);
      if (wantedByName.size() < MAX_REMEMBERED) {
        wantedByName.put(name, w);
      }
    }
    return !w;
  }

  /**
   * Whether {@code b[s, e)} holds a JSON escape of a UTF-16 surrogate: a backslash, {@code u}, {@code d} or
   * {@code D}, then one of {@code 89abcdefABCDEF}. Backslashes are found as newlines are
   * ({@link Framing#indexOf}); each one starts an escape, so the byte after it is skipped (an escaped
   * backslash followed by {@code u} is text).
   */
  static boolean hasSurrogateEscape(byte[] b, int s, int e) {
    for (int i = Framing.indexOf(b, s, e, (byte) '\\'); i >= 0 && i + 3 < e;
        i = Framing.indexOf(b, i + 2, e, (byte) '\\')) {
      if (b[i + 1] == 'u' && (b[i + 2] | 0x20) == 'd') {
        int c = b[i + 3] | 0x20;
        if (c == '8' || c == '9' || (c >= 'a' && c <= 'f')) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code t} holds a high surrogate not followed by a low one, or a low one not after a high one. */
  static boolean unpairedSurrogate(String t) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(t.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  /** The reason for a record whose field {@code field} holds an unpaired surrogate: the position, not the value. */
  static String loneSurrogate(int field) {
    return "field " + field + "'s value holds an unpaired UTF-16 surrogate (from a JSON escape), which no UTF-8"
        + " text can hold";
  }

  @Override
  String decode(byte[] b, int s, int e, long line) {
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), b, s, e - s)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "record is not a JSON object";
      }
      duplicates.begin();
      // only an escape can spell a lone surrogate (the bytes are valid UTF-8, which holds none): the strings
      // of a record that has such an escape are checked, those of the others need not be
      boolean surrogates = hasSurrogateEscape(b, s, e);
      JsonToken t;
      int field = 0;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        field++;
        String name = names.name(p.currentName());
        if (name == null) { // written in clear as the output's key: a key that reads as a value is refused
          return p.currentName().isEmpty() ? "field " + field + " has an empty name"
              : FieldNames.reason(field);
        }
        if (duplicates.repeated(name)) {
          return DuplicateNames.reason(name);
        }
        JsonToken v = p.nextToken();
        if (wanted != null && v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY && skip(name)) {
          // a scalar nobody reads: its text is not decoded (the tokenizer still validates it while
          // skipping, escapes included, so malformed records stay malformed); nested values go the
          // usual way below, whatever the field
          if (surrogates && v == JsonToken.VALUE_STRING && unpairedSurrogate(p.getString())) {
            return loneSurrogate(field); // so that a filtering parser refuses the records the full one does
          }
          continue;
        }
        switch (v) {
          case VALUE_STRING:
            String text = p.getString();
            if (surrogates && unpairedSurrogate(text)) {
              return loneSurrogate(field);
            }
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
            String json = w.toString();
            if (surrogates && unpairedSurrogate(json)) {
              return loneSurrogate(field);
            }
            record.addUnchecked(name, FieldKind.JSON, json);
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
}
