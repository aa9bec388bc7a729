package org.anonkit.pipeline.io;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** The per-format {@link ChunkSerializer}s. Not thread-safe: one per worker. */
final class Serializers {
  private Serializers() {}

  static ChunkSerializer of(RecordFormat format, JsonFactory json, List<String> columns) {
    switch (format) {
      case JSONL:
        return new Json(json, false);
      case CONDOR_JSON:
        return new Json(json, true);
      case CONDOR:
        return new ClassAd();
      default:
        return new Csv(columns);
    }
  }

  abstract static class Base implements ChunkSerializer {
    final ByteSink out = new ByteSink(1 << 16);
    int records;
    long omitted;

    @Override
    public final void write(FieldRecord r) {
      int mark = out.len;
      try {
        encode(r);
      } catch (RuntimeException e) {
        out.len = mark; // never half a record
        afterRollback();
        throw e;
      }
      records++;
    }

    abstract void encode(FieldRecord r);

    void afterRollback() {}

    void beforeFinish() {}

    @Override
    public final SerializedChunk finish(long chunkIndex) {
      beforeFinish();
      byte[] bytes = out.take();
      SerializedChunk c = new SerializedChunk(chunkIndex, records, bytes, bytes.length);
      records = 0;
      return c;
    }

    @Override
    public long omittedFields() {
      return omitted;
    }
  }

  /** An external format's (Parquet's) encoder: one self-contained batch per chunk. */
  static final class External implements ChunkSerializer {
    private final org.anonkit.pipeline.io.spi.BatchEncoder encoder;
    private int records;
    private long omitted;

    External(org.anonkit.pipeline.io.spi.BatchEncoder encoder) {
      this.encoder = encoder;
    }

    @Override
    public void write(FieldRecord r) {
      omitted += encoder.write(r);
      records++;
    }

    @Override
    public SerializedChunk finish(long chunkIndex) {
      byte[] b = encoder.finish();
      SerializedChunk c = new SerializedChunk(chunkIndex, records, records == 0 ? new byte[0] : b,
          records == 0 ? 0 : b.length);
      records = 0;
      return c;
    }

    @Override
    public long omittedFields() {
      return omitted;
    }
  }

  /** JSON lines ({@code {...}\n}) or condor-json objects separated by {@code ,\n}. */
  static final class Json extends Base {
    private final JsonFactory factory;
    private final boolean condor;
    private JsonGenerator gen;

    Json(JsonFactory factory, boolean condor) {
      this.factory = factory;
      this.condor = condor;
    }

    @Override
    void encode(FieldRecord r) {
      if (gen == null) {
        gen = factory.createGenerator(ObjectWriteContext.empty(), out);
      }
      try {
        if (condor && records > 0) {
          gen.writeRaw(",\n");
        }
        gen.writeStartObject();
        int n = r.size();
        for (int i = 0; i < n; i++) {
          gen.writeName(r.name(i));
          String t = r.text(i);
          switch (r.kindOrdinal(i)) {
            case 0: // STRING
              gen.writeString(t);
              break;
            case 1: // INTEGER
            case 2: // REAL
              gen.writeNumber(t);
              break;
            case 3: // BOOLEAN
              gen.writeBoolean(t.equals("true"));
              break;
            case 4: // UNDEFINED
              gen.writeNull();
              break;
            case 5: // RAW
              gen.writeString(JsonRecordParser.EXPR_OPEN + t + JsonRecordParser.EXPR_CLOSE);
              break;
            default: // JSON
              gen.writeRawValue(t);
              break;
          }
        }
        gen.writeEndObject();
        if (!condor) {
          gen.writeRaw('\n');
        }
        gen.flush();
      } catch (JacksonException e) {
        throw new InvalidInputException("record cannot be written as JSON", null, r.row());
      }
    }

    @Override
    void afterRollback() {
      gen = null; // its state is unknown; start a fresh one on the rolled-back buffer
    }

    @Override
    void beforeFinish() {
      if (gen != null) {
        gen.flush();
        gen = null; // a fresh generator per chunk: no root-value separator state carries over
      }
    }
  }

  /** HTCondor -long: {@code Name = value} lines, each ad followed by a blank line. */
  static final class ClassAd extends Base {
    @Override
    void encode(FieldRecord r) {
      int n = r.size();
      if (n == 0) {
        throw new InvalidInputException(
            "record has no fields; the condor -long format cannot represent an empty ad", null,
            r.row());
      }
      ByteSink o = out;
      for (int i = 0; i < n; i++) {
        String name = r.name(i);
        if (!validName(name)) {
          throw new InvalidInputException("field " + (i + 1)
              + " has a name that is not a valid ClassAd attribute name", null, r.row());
        }
        o.writeAscii(name);
        o.writeAscii(" = ");
        String t = r.text(i);
        switch (r.kindOrdinal(i)) {
          case 0: // STRING
          case 6: // JSON: kept as a string holding the JSON text
            o.write('"');
            o.writeUtf8(t, 1);
            o.write('"');
            break;
          case 4: // UNDEFINED
            o.writeAscii("undefined");
            break;
          case 5: // RAW
            o.writeUtf8(t, 3);
            break;
          default: // INTEGER, REAL, BOOLEAN: ASCII literals
            o.writeAscii(t);
            break;
        }
        o.write('\n');
      }
      o.write('\n');
    }

    static boolean validName(String s) {
      int n = s.length();
      if (n == 0 || s.charAt(0) > 0x7f || !ClassAdParser.isNameStart((byte) s.charAt(0))) {
        return false;
      }
      for (int i = 1; i < n; i++) {
        char c = s.charAt(i);
        if (c > 0x7f || !ClassAdParser.isNamePart((byte) c)) {
          return false;
        }
      }
      return true;
    }
  }

  /** RFC 4180 rows over a fixed column list, CRLF line ends. */
  static final class Csv extends Base {
    private final int ncols;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> folded = new HashMap<>();
    private final String[] cells;
    private final byte[] kinds;

    Csv(List<String> columns) {
      ncols = columns.size();
      cells = new String[ncols];
      kinds = new byte[ncols];
      for (int i = 0; i < ncols; i++) {
        exact.putIfAbsent(columns.get(i), i);
        folded.putIfAbsent(columns.get(i).toLowerCase(Locale.ROOT), i);
      }
    }

    @Override
    void encode(FieldRecord r) {
      java.util.Arrays.fill(cells, null);
      int n = r.size();
      for (int i = 0; i < n; i++) {
        String name = r.name(i);
        Integer c = exact.get(name);
        if (c == null) {
          c = folded.get(name.toLowerCase(Locale.ROOT));
        }
        if (c == null || cells[c] != null) {
          omitted++;
          continue;
        }
        cells[c] = r.text(i);
        kinds[c] = r.kindOrdinal(i);
      }
      for (int c = 0; c < ncols; c++) {
        if (c > 0) {
          out.write(',');
        }
        String t = cells[c];
        if (t == null || kinds[c] == 4) {
          continue; // empty unquoted cell: UNDEFINED
        }
        writeCell(out, t, kinds[c] == 0);
      }
      out.write('\r');
      out.write('\n');
    }

    static void writeCell(ByteSink out, String t, boolean isString) {
      if (t.isEmpty() && isString) {
        out.writeAscii("\"\"");
        return;
      }
      if (out.tryWritePlainCsv(t)) {
        return;
      }
      if (needsQuotes(t)) {
        out.write('"');
        out.writeUtf8(t, 2);
        out.write('"');
      } else {
        out.writeUtf8(t, 0);
      }
    }

    static boolean needsQuotes(String t) {
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
          return true;
        }
      }
      return false;
    }
  }
}
