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

  @Override
  String decode(byte[] b, int s, int e, long line) {
    try (JsonParser p = factory.createParser(ObjectReadContext.empty(), b, s, e - s)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "record is not a JSON object";
      }
      duplicates.begin();
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
}
