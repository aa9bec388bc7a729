package org.anonkit.benchmarks.cryptopan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.benchmarks.Ipv6Text;
import org.anonkit.cryptopan.CryptoPan;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
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
 * The text transformers around Crypto-PAn, values per second on one thread: {@code ip} on dotted IPv4
 * text and {@code sinful} on HTCondor sinful strings (names dropped, its default), each beside a JDK
 * baseline in the same run that computes the same output with the same Crypto-PAn core
 * ({@link CryptoPan#anonymizeIpv4(int)}, its own instance with the same key), so the ratio is the cost
 * of the text handling alone (the core against one JCE call per bit is {@link CryptoPanBenchmark}):
 *
 * <ul>
 *   <li>{@code ipv4TextJdkBaseline}: {@code InetAddress.getByName} on the literal (no lookup), the core,
 *       {@code InetAddress.getByAddress(..).getHostAddress()};
 *   <li>{@code sinfulRegexBaseline}: a regular expression removes the {@code &alias=} parameter and
 *       another finds each dotted quad, rewritten as above;
 *   <li>{@code ipv6Text} vs {@code ipv6TextJdkBaseline} (added in bench 26): {@code ip} on IPv6 text
 *       against {@code InetAddress.getByName} on the literal, {@link CryptoPan#anonymizeIpv6} and a
 *       straightforward RFC 5952 formatter (the JDK's {@code getHostAddress} does not compress zeros,
 *       so it cannot give the transformer's output by itself).
 * </ul>
 *
 * <p>Inputs: 2^16 addresses prepared in setup, 90% from 40 /24s chosen with Zipf(1.1), 10% uniformly
 * random (the {@code realistic} distribution of {@link CryptoPanBenchmark}), consumed in order; the sinful
 * strings are startd contacts of those addresses
 * ({@code <a:9618?addrs=a-9618&alias=fnpcNNNN.fnal.gov&noUDP&sock=startd_N_xxxx>}). {@link #setUp()}
 * checks that each baseline gives the transformer's output for every input. The IPv6 inputs (2^16, drawn
 * from their own generator so the IPv4 inputs are unchanged) are realistic: 90% in 40 /64s of one /48
 * (interface ids: 60% small integers, as DHCPv6 and static hosts give, 40% random), 10% uniformly random
 * global addresses (2000::/3); their text is RFC 5952, as a log or a ClassAd writes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoPanTextBenchmark {
  private static final int N = 1 << 16;
  private static final Pattern ALIAS = Pattern.compile("&alias=[^&>]*");
  private static final Pattern DOTTED_QUAD = Pattern.compile("(?<![0-9.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?![0-9.])");

  private String[] addresses;
  private String[] sinfuls;
  private String[] addresses6;
  private Transformer ip;
  private Transformer sinful;
  private CryptoPan core;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws UnknownHostException {
    byte[] k = new byte[CryptoPan.KEY_LENGTH];
    new Random(42).nextBytes(k);
    DerivedKey key = DerivedKey.direct(SecretBytes.copyOf(k, SecretAccess.get()));
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    ip = registry.create(TransformerContext.builder("ip").field("MyAddress").parameters(Parameters.empty())
        .registry(registry).directKey(key).build());
    sinful = registry.create(TransformerContext.builder("sinful").field("StartdIpAddr")
        .parameters(Parameters.empty()).registry(registry).directKey(key).build());
    core = CryptoPan.create(key);
    Random rnd = new Random(7);
    int subnets = 40;
    int[] p24 = new int[subnets];
    double[] cdf = new double[subnets];
    double sum = 0;
    for (int i = 0; i < subnets; i++) {
      p24[i] = rnd.nextInt() & 0xffffff00;
      sum += 1 / Math.pow(i + 1, 1.1);
      cdf[i] = sum;
    }
    addresses = new String[N];
    sinfuls = new String[N];
    for (int i = 0; i < N; i++) {
      int a;
      if (rnd.nextInt(10) != 0) {
        double u = rnd.nextDouble() * sum;
        int s = 0;
        while (s < subnets - 1 && cdf[s] < u) {
          s++;
        }
        a = p24[s] | rnd.nextInt(256);
      } else {
        a = rnd.nextInt();
      }
      addresses[i] = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
      sinfuls[i] = "<" + addresses[i] + ":9618?addrs=" + addresses[i] + "-9618&alias=fnpc" + (1000 + rnd.nextInt(9000))
          + ".fnal.gov&noUDP&sock=startd_" + rnd.nextInt(99_999) + "_" + Integer.toHexString(rnd.nextInt(1 << 16)) + ">";
    }
    Random rnd6 = new Random(11);
    long site = 0x2001_0db8_0000_0000L | ((rnd6.nextLong() & 0xffffL) << 16);
    long[] nets = new long[subnets];
    for (int i = 0; i < subnets; i++) {
      nets[i] = site | (rnd6.nextInt(1 << 16));
    }
    addresses6 = new String[N];
    for (int i = 0; i < N; i++) {
      long hi;
      long lo;
      if (rnd6.nextInt(10) != 0) {
        double u = rnd6.nextDouble() * sum;
        int s = 0;
        while (s < subnets - 1 && cdf[s] < u) {
          s++;
        }
        hi = nets[s];
        lo = rnd6.nextInt(10) < 6 ? 1 + rnd6.nextInt(4096) : rnd6.nextLong();
      } else {
        hi = 0x2000_0000_0000_0000L | (rnd6.nextLong() >>> 3);
        lo = rnd6.nextLong();
      }
      addresses6[i] = Ipv6Text.rfc5952(hi, lo);
    }
    for (int i = 0; i < N; i++) {
      if (!ip.apply(addresses6[i]).equals(jdkIpv6(addresses6[i]))) {
        throw new IllegalStateException("the IPv6 baseline disagrees with the ip transformer on input " + i);
      }
    }
    for (int i = 0; i < N; i++) {
      if (!ip.apply(addresses[i]).equals(jdkIpv4(addresses[i]))
          || !sinful.apply(sinfuls[i]).equals(regexSinful(sinfuls[i]))) {
        throw new IllegalStateException("a baseline disagrees with its transformer on input " + i);
      }
    }
  }

  private String jdkIpv4(String text) throws UnknownHostException {
    byte[] b = InetAddress.getByName(text).getAddress();
    int v = core.anonymizeIpv4(((b[0] & 255) << 24) | ((b[1] & 255) << 16) | ((b[2] & 255) << 8) | (b[3] & 255));
    return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v})
        .getHostAddress();
  }

  private final long[] v6 = new long[2];

  private String jdkIpv6(String text) throws UnknownHostException {
    byte[] b = InetAddress.getByName(text).getAddress();
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 8; k++) {
      hi = (hi << 8) | (b[k] & 255);
      lo = (lo << 8) | (b[k + 8] & 255);
    }
    core.anonymizeIpv6(hi, lo, v6);
    return Ipv6Text.rfc5952(v6[0], v6[1]);
  }

  private String regexSinful(String text) throws UnknownHostException {
    Matcher m = DOTTED_QUAD.matcher(ALIAS.matcher(text).replaceAll(""));
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(sb, jdkIpv4(m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private int index() {
    int i = next;
    next = (i + 1) & (N - 1);
    return i;
  }

  @Benchmark
  public String ipv4Text() {
    return ip.apply(addresses[index()]);
  }

  @Benchmark
  public String ipv4TextJdkBaseline() throws UnknownHostException {
    return jdkIpv4(addresses[index()]);
  }

  @Benchmark
  public String ipv6Text() {
    return ip.apply(addresses6[index()]);
  }

  @Benchmark
  public String ipv6TextJdkBaseline() throws UnknownHostException {
    return jdkIpv6(addresses6[index()]);
  }

  @Benchmark
  public String sinfulText() {
    return sinful.apply(sinfuls[index()]);
  }

  @Benchmark
  public String sinfulRegexBaseline() throws UnknownHostException {
    return regexSinful(sinfuls[index()]);
  }
}
