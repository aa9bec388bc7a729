package org.anonkit.pipeline.io;

import static org.anonkit.pipeline.io.IoTesting.read;
import static org.anonkit.pipeline.io.IoTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
  private static final List<String> COLUMNS = List.of("Owner", "User", "ClusterId", "HoldReason",
      "Cmd", "RemoteWallClockTime", "ExitBySignal", "x509userproxysubject", "Environment", "Args",
      "ProcId");

  private static void assertSame(List<FieldRecord> expected, List<FieldRecord> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      FieldRecord e = expected.get(i);
      FieldRecord a = actual.get(i);
      assertThat(a.sameFields(e)).as("record %d", i + 1).isTrue();
      assertThat(a.row()).isEqualTo(i + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = {"JSONL", "CONDOR", "CONDOR_JSON"})
  void roundTrip_typedRecords_sameRecordsForEveryChunkSize(RecordFormat format) {
    List<FieldRecord> records = IoTesting.randomRecords(42, 500, true);
    byte[] bytes = write(records, format, List.of(), 37);
    for (int chunk : new int[] {1, 100, 4096, 1 << 20}) {
      IoTesting.Result r = read(bytes, format, chunk);
      assertThat(r.malformed).isEmpty();
      assertSame(records, r.records);
      // serialize again: byte-identical, whatever the chunking
      assertThat(write(r.records, format, List.of(), 1 + chunk % 50)).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64, 3000, 1 << 20})
  void roundTrip_csvStrings_sameRecordsForEveryChunkSize(int chunk) {
    List<FieldRecord> records = IoTesting.randomRecords(7, 400, false);
    // CSV has a fixed column set: missing fields come back as UNDEFINED cells.
    List<FieldRecord> expected = new java.util.ArrayList<>();
    for (FieldRecord r : records) {
      FieldRecord e = new FieldRecord();
      for (String c : COLUMNS) {
        int i = r.indexOfExact(c);
        if (i < 0) {
          e.add(c, FieldKind.UNDEFINED, "");
        } else {
          e.add(c, r.kind(i), r.text(i));
        }
      }
      expected.add(e);
    }
    byte[] bytes = write(records, RecordFormat.CSV, COLUMNS, 13);
    IoTesting.Result r = read(bytes, RecordFormat.CSV, chunk);
    assertThat(r.malformed).isEmpty();
    assertThat(r.columns).isEqualTo(COLUMNS);
    assertSame(expected, r.records);
    assertThat(write(r.records, RecordFormat.CSV, COLUMNS, 1000)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = "PARQUET", mode = EnumSource.Mode.EXCLUDE) // Parquet: anon-parquet
  void write_anyChunking_producesIdenticalBytes(RecordFormat format) {
    List<FieldRecord> records = IoTesting.randomRecords(3, 200, format != RecordFormat.CSV);
    byte[] one = write(records, format, COLUMNS, 1);
    byte[] many = write(records, format, COLUMNS, 200);
    byte[] odd = write(records, format, COLUMNS, 7);
    assertThat(many).isEqualTo(one);
    assertThat(odd).isEqualTo(one);
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = {"JSONL", "CONDOR", "CONDOR_JSON"})
  void convert_betweenTypedFormats_keepsKinds(RecordFormat target) {
    List<FieldRecord> records = IoTesting.randomRecords(11, 100, true);
    for (RecordFormat source : new RecordFormat[] {RecordFormat.JSONL, RecordFormat.CONDOR,
        RecordFormat.CONDOR_JSON}) {
      List<FieldRecord> viaSource = read(write(records, source, List.of(), 10), source, 500).records;
      List<FieldRecord> viaTarget =
          read(write(viaSource, target, List.of(), 10), target, 500).records;
      assertSame(records, viaTarget);
    }
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = "PARQUET", mode = EnumSource.Mode.EXCLUDE) // Parquet: anon-parquet
  void emptyOutput_isValidEmptyFileOfItsFormat(RecordFormat format) {
    byte[] bytes = write(List.of(), format, COLUMNS, 10);
    IoTesting.Result r = read(bytes, format, 100);
    assertThat(r.records).isEmpty();
    assertThat(r.malformed).isEmpty();
  }
}
