package org.anonkit.benchmarks.privacy;

import org.anonkit.benchmarks.Zipf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.spi.TransformerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The keyless {@code generalize-*} transformers of {@code anon-privacy}, values per second on one
 * thread, each beside a naive version in the same run that gives the same text (checked in
 * {@link #setup()} for every input):
 *
 * <ul>
 *   <li>{@code ip} ({@code generalize-ip}, {@code prefix: 24}) vs {@code ipNaive}:
 *       {@code InetAddress.getByName} on the literal (no lookup), the last byte cleared, the dotted
 *       quad and {@code "/24"} concatenated;
 *   <li>{@code number} ({@code generalize-number}, {@code width: 1024}, integer memory requests in
 *       MB) vs {@code numberNaive}: {@code Long.parseLong}, {@code Math.floorDiv}, string concatenation
 *       of {@code "[lo,hi)"};
 *   <li>{@code time} ({@code generalize-time}, {@code unit: hour}, epoch seconds, UTC) vs
 *       {@code timeNaive}: {@code Instant.ofEpochSecond(..).truncatedTo(HOURS)} (the transformer goes
 *       through a {@code ZonedDateTime} in its zone);
 *   <li>{@code map} ({@code generalize-map}, 200 sites to 12 regions) vs {@code mapNaive}: a
 *       {@code HashMap<String, String>} lookup that throws for an unmapped value.
 * </ul>
 *
 * <p>Inputs: 4,096 values of each kind (addresses mostly from 40 /24s, Zipf(1.1) sites, memory
 * requests 128-65,663 MB, timestamps over one year), consumed in order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GeneralizeBenchmark {
  private static final int N = 4096;

  private String[] addresses;
  private String[] numbers;
  private String[] times;
  private String[] sites;
  private Transformer ip;
  private Transformer number;
  private Transformer time;
  private Transformer map;
  private Map<String, String> regions;
  private int next;

  @Setup(Level.Trial)
  public void setup() throws UnknownHostException {
    Random rnd = new Random(26);
    int[] p24 = new int[40];
    for (int i = 0; i < p24.length; i++) {
      p24[i] = rnd.nextInt() & 0xffffff00;
    }
    int distinct = 200;
    Zipf zipf = new Zipf(distinct, 1.1);
    regions = new HashMap<>();
    Parameters.Builder mapping = Parameters.builder();
    for (int k = 0; k < distinct; k++) {
      String region = "region-" + (k % 12);
      regions.put("Site_" + k, region);
      mapping.put("Site_" + k, region);
    }
    addresses = new String[N];
    numbers = new String[N];
    times = new String[N];
    sites = new String[N];
    for (int i = 0; i < N; i++) {
      int a = rnd.nextInt(10) != 0 ? p24[rnd.nextInt(p24.length)] | rnd.nextInt(256) : rnd.nextInt();
      addresses[i] = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
      numbers[i] = Integer.toString(128 + rnd.nextInt(65536));
      times[i] = Long.toString(1_735_689_600L + rnd.nextInt(365 * 86_400));
      sites[i] = "Site_" + zipf.next(rnd);
    }
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    ip = create(registry, "generalize-ip", Parameters.builder().put("prefix", 24).build());
    number = create(registry, "generalize-number", Parameters.builder().put("width", 1024).build());
    time = create(registry, "generalize-time", Parameters.builder().put("unit", "hour").build());
    map = create(registry, "generalize-map", Parameters.builder().put("mapping", mapping.build()).build());
    for (int i = 0; i < N; i++) {
      if (!ip.apply(addresses[i]).equals(naiveIp(addresses[i]))
          || !number.apply(numbers[i]).equals(naiveNumber(numbers[i]))
          || !time.apply(times[i]).equals(naiveTime(times[i]))
          || !map.apply(sites[i]).equals(naiveMap(sites[i]))) {
        throw new IllegalStateException("a naive generalization disagrees with its transformer on input " + i);
      }
    }
  }

  private static Transformer create(TransformerRegistry registry, String name, Parameters p) {
    return registry.create(TransformerContext.builder(name).field("f").parameters(p).registry(registry).build());
  }

  private static String naiveIp(String text) throws UnknownHostException {
    byte[] b = InetAddress.getByName(text).getAddress();
    return (b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + ".0/24";
  }

  private static String naiveNumber(String text) {
    long lo = Math.floorDiv(Long.parseLong(text), 1024L) * 1024L;
    return "[" + lo + "," + (lo + 1024) + ")";
  }

  private static String naiveTime(String text) {
    return Long.toString(Instant.ofEpochSecond(Long.parseLong(text)).truncatedTo(ChronoUnit.HOURS).getEpochSecond());
  }

  private String naiveMap(String text) {
    String r = regions.get(text);
    if (r == null) {
      throw new IllegalArgumentException("unmapped value");
    }
    return r;
  }

  private int index() {
    int i = next;
    next = (i + 1) & (N - 1);
    return i;
  }

  @Benchmark
  public String ip() {
    return ip.apply(addresses[index()]);
  }

  @Benchmark
  public String ipNaive() throws UnknownHostException {
    return naiveIp(addresses[index()]);
  }

  @Benchmark
  public String number() {
    return number.apply(numbers[index()]);
  }

  @Benchmark
  public String numberNaive() {
    return naiveNumber(numbers[index()]);
  }

  @Benchmark
  public String time() {
    return time.apply(times[index()]);
  }

  @Benchmark
  public String timeNaive() {
    return naiveTime(times[index()]);
  }

  @Benchmark
  public String map() {
    return map.apply(sites[index()]);
  }

  @Benchmark
  public String mapNaive() {
    return naiveMap(sites[index()]);
  }
}
