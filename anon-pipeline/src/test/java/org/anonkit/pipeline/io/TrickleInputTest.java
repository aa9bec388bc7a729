package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads through a stream that returns a few bytes per call, so that every framing state (inside a
 * quoted cell, inside a JSON string right after a backslash, in the middle of a banner line) is
 * saved and resumed across buffer refills. The result must equal reading the same bytes at once.
 */
class TrickleInputTest {

  /** Returns 1 to 7 bytes per read, seeded. */
  static final class Trickle extends FilterInputStream {
    private final Random rnd;

    Trickle(InputStream in, long seed) {
      super(in);
      rnd = new Random(seed);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + rnd.nextInt(7)));
    }
  }

  private static IoTesting.Result readTrickle(byte[] data, RecordFormat f, int chunk, long seed)
      throws IOException {
    // more than the 64 KiB format-detection head, so the tail arrives in small reads
    IoTesting.Result r = new IoTesting.Result();
    try (RecordInput in = RecordInput.builder(new Trickle(new ByteArrayInputStream(data), seed))
        .format(f).chunkBytes(chunk).maxRecordBytes(4096).open()) {
      in.readAll(r);
    }
    return r;
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = "PARQUET", mode = EnumSource.Mode.EXCLUDE) // Parquet: anon-parquet
  void trickledInput_sameRecordsAndMalformedRows(RecordFormat f) throws IOException {
    List<String> cols = List.of("Owner", "User", "ClusterId", "HoldReason", "Cmd",
        "RemoteWallClockTime", "ExitBySignal", "x509userproxysubject", "Environment", "Args",
        "ProcId");
    byte[] good = IoTesting.write(IoTesting.randomRecords(21, 2500, f != RecordFormat.CSV), f, cols,
        50);
    // append hostile tails: a broken record, an oversized one, then a good one
    String big = "z".repeat(6000);
    String tail;
    switch (f) {
      case JSONL:
        tail = "{\"Owner\": nope}\n{\"Owner\":\"" + big + "\"}\n{\"Owner\":\"end\\\"\"}\n";
        break;
      case CSV:
        tail = "a,b\r\n\"" + big + "\"" + ",".repeat(10) + "\r\n\"end\"\"\"" + ",".repeat(10) + "\r\n";
        break;
      case CONDOR:
        tail = "not an attribute\n\nOwner = \"" + big + "\"\n\n*** banner\nOwner = \"end\\\"\"\n";
        break;
      default:
        good = java.util.Arrays.copyOf(good, good.length - 3); // drop "\n]\n"
        tail = ",\n 17 ,\n{\"Owner\":\"" + big + "\"},\n{\"Owner\":\"end\\\"\"}\n]\n";
    }
    byte[] data = new byte[good.length + tail.length()];
    System.arraycopy(good, 0, data, 0, good.length);
    byte[] t = IoTesting.utf8(tail);
    System.arraycopy(t, 0, data, good.length, t.length);

    IoTesting.Result whole = IoTesting.read(data, f, 1 << 20, 4096);
    assertThat(whole.malformed).hasSize(3); // the broken record, the oversized one's first 4,096 bytes and its rest
    assertThat(whole.records).hasSize(2501);
    assertThat(whole.records.get(2500).text(0)).isEqualTo("end\"");
    for (int chunk : new int[] {1, 5000}) {
      IoTesting.Result r = readTrickle(data, f, chunk, chunk);
      assertThat(r.records).hasSameSizeAs(whole.records);
      for (int i = 0; i < r.records.size(); i++) {
        assertThat(r.records.get(i).sameFields(whole.records.get(i))).as("record %d", i).isTrue();
        assertThat(r.records.get(i).row()).isEqualTo(whole.records.get(i).row());
        assertThat(r.records.get(i).line()).isEqualTo(whole.records.get(i).line());
      }
      assertThat(r.malformed).extracting(MalformedRecord::row)
          .isEqualTo(whole.malformed.stream().map(MalformedRecord::row).toList());
      assertThat(r.malformed).extracting(MalformedRecord::line)
          .isEqualTo(whole.malformed.stream().map(MalformedRecord::line).toList());
    }
  }

  /**
   * An oversized record is quarantined in parts of the maximum record size from its start, so its parts and
   * the rows after it are the same however the input arrives (trickled, any chunk size).
   */
  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = "PARQUET", mode = EnumSource.Mode.EXCLUDE)
  void trickledInput_oversizedRecordInParts_sameRowsAndBytes(RecordFormat f) throws IOException {
    String big = "q\n".repeat(15_000); // line breaks inside: the parts' lines are counted
    String in;
    switch (f) {
      case JSONL:
        in = "{\"a\":\"1\"}\n{\"a\":\"" + big.replace("\n", " ") + "\"}\n{\"a\":\"3\"}\n";
        break;
      case CSV:
        in = "a\n1\n\"" + big + "\"\n3\n";
        break;
      case CONDOR:
        in = "a = \"1\"\n\n" + big.replace("q\n", "b = 1\n") + "\na = \"3\"\n";
        break;
      default:
        in = "[\n{\"a\":\"1\"},\n{\"a\":\"" + big.replace("\n", " ") + "\"},\n{\"a\":\"3\"}\n]\n";
    }
    byte[] data = IoTesting.utf8(in);
    IoTesting.Result whole = IoTesting.read(data, f, 1 << 20, 4096);
    assertThat(whole.malformed.size()).isGreaterThan(5);
    assertThat(whole.records).hasSize(2);
    for (int chunk : new int[] {1, 100, 5000}) {
      IoTesting.Result r = readTrickle(data, f, chunk, chunk);
      assertThat(r.records).extracting(FieldRecord::row).isEqualTo(whole.records.stream().map(FieldRecord::row).toList());
      assertThat(r.malformed).extracting(MalformedRecord::row)
          .isEqualTo(whole.malformed.stream().map(MalformedRecord::row).toList());
      assertThat(r.malformed).extracting(MalformedRecord::line)
          .isEqualTo(whole.malformed.stream().map(MalformedRecord::line).toList());
      for (int i = 0; i < r.malformed.size(); i++) {
        assertThat(r.malformed.get(i).rawBytes()).isEqualTo(whole.malformed.get(i).rawBytes());
      }
    }
  }
}
