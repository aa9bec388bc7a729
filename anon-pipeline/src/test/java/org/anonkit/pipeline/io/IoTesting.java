package org.anonkit.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers shared by the I/O tests. */
final class IoTesting {
  private IoTesting() {}

  /** What a read produced: good records (copied) and malformed ones, in order. */
  static final class Result implements RecordHandler {
    final List<FieldRecord> records = new ArrayList<>();
    final List<MalformedRecord> malformed = new ArrayList<>();
    List<String> columns = List.of();
    int chunks;

    @Override
    public void record(FieldRecord record) {
      records.add(record.copy());
    }

    @Override
    public void malformed(MalformedRecord record) {
      malformed.add(record);
    }
  }

  static Result read(byte[] data, RecordFormat format, int chunkBytes) {
    return read(data, format, chunkBytes, RecordInput.DEFAULT_MAX_RECORD_BYTES);
  }

  static Result read(byte[] data, RecordFormat format, int chunkBytes, int maxRecord) {
    RecordInput.Builder b = RecordInput.builder(new ByteArrayInputStream(data))
        .chunkBytes(chunkBytes).maxRecordBytes(maxRecord);
    if (format != null) {
      b.format(format);
    }
    try (RecordInput in = b.open()) {
      Result r = new Result();
      r.columns = in.columns();
      ChunkParser p = in.newParser();
      long expectedRow = 1;
      for (Chunk c; (c = in.next()) != null; ) {
        if (c.firstRow() != expectedRow) {
          throw new AssertionError("chunk " + c.index() + " starts at row " + c.firstRow());
        }
        expectedRow += c.recordCount();
        r.chunks++;
        p.parse(c, r);
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes records through per-chunk serializers of {@code perChunk} records each. */
  static byte[] write(List<FieldRecord> records, RecordFormat format, List<String> columns,
      int perChunk) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (RecordOutput out = RecordOutput.builder(bos).format(format).columns(columns).create()) {
      ChunkSerializer s = out.newSerializer();
      long index = 0;
      int n = 0;
      for (FieldRecord r : records) {
        s.write(r);
        if (++n % perChunk == 0) {
          out.append(s.finish(index++));
        }
      }
      out.append(s.finish(index));
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Tricky but valid values, seeded. */
  static List<FieldRecord> randomRecords(long seed, int count, boolean kinds) {
    Random rnd = new Random(seed);
    String[] names = {"Owner", "User", "ClusterId", "HoldReason", "Cmd", "RemoteWallClockTime",
        "ExitBySignal", "x509userproxysubject", "Environment", "Args"};
    String[] pieces = {"a", "b\"q", "c\\d", ",", "é", "日本", "\uD83D\uDE00", " ", "\t", "x=y",
        "/home/jdoe/", "{", "}", "[", "]", "'", "#", "*** ", "-- ", "\\n"};
    List<FieldRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      FieldRecord r = new FieldRecord();
      r.reset(i + 1, 0);
      for (String n : names) {
        if (rnd.nextInt(4) == 0) {
          continue;
        }
        int k = kinds ? rnd.nextInt(6) : 0;
        switch (k) {
          case 1:
            r.add(n, FieldKind.INTEGER, Long.toString(rnd.nextLong() >> rnd.nextInt(60)));
            break;
          case 2:
            r.add(n, FieldKind.REAL, rnd.nextInt(1000) + "." + rnd.nextInt(1000));
            break;
          case 3:
            r.add(n, FieldKind.BOOLEAN, rnd.nextBoolean() ? "true" : "false");
            break;
          case 4:
            r.add(n, FieldKind.UNDEFINED, "");
            break;
          case 5:
            r.add(n, FieldKind.RAW, "(TARGET.Memory >= " + rnd.nextInt(99) + ") && \"x\"");
            break;
          default:
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(8);
            for (int j = 0; j < len; j++) {
              sb.append(pieces[rnd.nextInt(pieces.length)]);
            }
            r.add(n, FieldKind.STRING, sb.toString());
        }
      }
      if (r.size() == 0) {
        r.add("ProcId", FieldKind.INTEGER, "0");
      }
      out.add(r);
    }
    return out;
  }

  /**
   * The shared samples folder, walking up from the working directory; null when absent (tests then
   * skip).
   */
  static Path samplesDir() {
    Path p = Path.of("").toAbsolutePath();
    for (; p != null; p = p.getParent()) {
      Path c = p.resolve("shared/data/htcondor-samples");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    return null;
  }
}
