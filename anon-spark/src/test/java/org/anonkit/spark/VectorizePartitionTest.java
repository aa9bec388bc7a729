package org.anonkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.vectors.VectorBatch;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partition's vectors without a Spark session: the task function on rows. */
class VectorizePartitionTest {
  @TempDir Path tmp;

  /**
   * A value the schema cannot encode (a ClassAd expression in a numeric column) is missing in its row,
   * as in the pipeline; before, the row was left out, so row i of the files was no longer row i of the
   * partition (nor of the other side's files).
   */
  @Test
  void call_unencodableValue_missingInItsRow_everyRowKept() throws IOException {
    Policy policy = PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {},"
        + " \"vectors\": {\"fields\": {\"RequestMemory\": \"numeric\", \"Owner\": \"categorical\"}, \"pairs\": false}}");
    String[] names = {"Owner", "RequestMemory"};
    byte[] kinds = {RowCodec.kindOf(DataTypes.StringType), RowCodec.kindOf(DataTypes.StringType)};
    List<Row> rows = List.of(RowFactory.create("tok-a", "2048"),
        RowFactory.create("tok-b", "ifThenElse(MemoryUsage > 2000, 4000, 2000)"), RowFactory.create("tok-c", "4096"));
    Partitions.Vectorize v = new Partitions.Vectorize(PolicySnapshot.of(policy), tmp.toString(),
        VectorBatch.Side.ANONYMIZED, names, kinds);
    List<Row> result = new ArrayList<>();
    v.call(rows.iterator()).forEachRemaining(result::add);
    assertThat(result).hasSize(1);
    assertThat(result.get(0).getLong(1)).as("rows").isEqualTo(3);
    assertThat(result.get(0).getLong(2)).as("rows skipped").isZero();
    assertThat(result.get(0).getLong(3)).as("values unencodable").isEqualTo(1);
    Path part = tmp.resolve("part-00000");
    assertThat(Files.readString(part.resolve("part.json"))).contains("\"rows\":3", "\"skipped\":0",
        "\"valuesUnencodable\":1");
    // validity: one bit per row, least significant first (Arrow's bitmap)
    assertThat(lastByte(part.resolve("vectors/RequestMemory.validity.npy"))).isEqualTo(0b101);
    ByteBuffer mem = ByteBuffer.wrap(Files.readAllBytes(part.resolve("vectors/RequestMemory.npy")))
        .order(ByteOrder.LITTLE_ENDIAN);
    int data = mem.capacity() - 3 * Double.BYTES;
    assertThat(mem.getDouble(data)).isEqualTo(2048.0);
    assertThat(mem.getDouble(data + 2 * Double.BYTES)).isEqualTo(4096.0);
    ByteBuffer owner = ByteBuffer.wrap(Files.readAllBytes(part.resolve("vectors/Owner.npy")))
        .order(ByteOrder.LITTLE_ENDIAN);
    int codes = owner.capacity() - 3 * Integer.BYTES;
    assertThat(new int[] {owner.getInt(codes), owner.getInt(codes + 4), owner.getInt(codes + 8)})
        .as("the row's other values stay").containsExactly(0, 1, 2);
  }

  /**
   * A column the vector schema names in a type the row view does not read (a Spark timestamp or date)
   * is refused when the job is set up, naming column and cast; before, each of its values was missing in
   * the files, without a word.
   */
  @Test
  void new_timestampOrDateColumnTheSchemaNames_refusedWithTheCast() {
    Policy policy = PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {},"
        + " \"vectors\": {\"fields\": {\"QDate\": {\"encoder\": \"timestamp\"}, \"Owner\": \"categorical\"}, \"pairs\": false}}");
    String[] names = {"Owner", "qdate"};
    for (org.apache.spark.sql.types.DataType t : List.of(DataTypes.TimestampType, DataTypes.DateType)) {
      byte[] kinds = {RowCodec.kindOf(DataTypes.StringType), RowCodec.kindOf(t)};
      assertThatThrownBy(() -> new Partitions.Vectorize(PolicySnapshot.of(policy), tmp.toString(),
          VectorBatch.Side.ANONYMIZED, names, kinds))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column 'qdate'").hasMessageContaining("cast(\"long\")");
    }
    // a column the schema does not name may have any type (it is not read)
    String[] other = {"Owner", "EnteredCurrentStatus"};
    byte[] kinds = {RowCodec.kindOf(DataTypes.StringType), RowCodec.kindOf(DataTypes.TimestampType)};
    new Partitions.Vectorize(PolicySnapshot.of(policy), tmp.toString(), VectorBatch.Side.ANONYMIZED, other, kinds);
  }

  /** The last byte of a {@code .npy} file (a validity bitmap of up to eight rows). */
  private static int lastByte(Path npy) throws IOException {
    byte[] b = Files.readAllBytes(npy);
    return b[b.length - 1] & 0xff;
  }
}
