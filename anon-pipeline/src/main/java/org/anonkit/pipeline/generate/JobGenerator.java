package org.anonkit.pipeline.generate;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Generates realistic synthetic HTCondor job ads, of the kind Fermilab's FIFE batch system and its
 * Elasticsearch/Parquet job dumps hold: experiments dune, nova, uboone, icarus and mu2e; users whose
 * activity follows a Zipf law; accounting groups like {@code group_dune.prod.mcsim}; x509 subjects;
 * FermiGrid worker nodes such as {@code fnpc1234.fnal.gov} in 131.225.0.0/16 plus offsite OSG sites;
 * startds that run job after job, each with its sinful string ({@code StartdIpAddr}), glidein slot
 * names and claim ids that carry its birth time and a growing sequence number, as in a real pool (a
 * site's startd lives for days, a glidein's for hours); lognormal run times and memory; per-user failure propensities with
 * {@code JobStatus}/{@code ExitCode}/{@code ExitBySignal}/{@code HoldReason} consistent with each other;
 * free text embedding user names, paths, e-mail addresses, phone numbers and IP addresses; jobsub
 * attributes; {@code Environment} with {@code GRID_USER=} and {@code EXPERIMENT=}; {@code SingularityImage},
 * Fermilab's worker-node image or, for one user in eight, an image under the user's own Docker Hub
 * account (a handle such as {@code janedoe}, in no identity field). Ads vary in length.
 *
 * <p>Output is a pure function of the seed, the population size and the record count: the same
 * arguments give byte-identical files on any machine. The data contains only synthetic identities,
 * which {@link #sensitiveValues()} lists for leak tests.
 *
 * <p>Immutable and thread-safe: each {@code write} call uses its own random stream.
 */
public final class JobGenerator {

  /** The formats the generator writes. Immutable. */
  public enum Format {
    /** One JSON object per line. */
    JSONL,
    /** RFC 4180 CSV with a header naming every attribute the generator may write. */
    CSV,
    /** HTCondor's {@code condor_history -long} text format, ads separated by blank lines. */
    CONDOR;

    /**
     * The format a file name implies: {@code .jsonl}/{@code .json} → JSONL, {@code .csv} → CSV,
     * {@code .history}/{@code .ads}/{@code .ad}/{@code .condor} → CONDOR, after stripping a
     * {@code .gz} or {@code .zst} suffix.
     *
     * @throws IllegalArgumentException naming the supported extensions
     */
    public static Format fromFileName(String name) {
      String n = stripCompression(name.toLowerCase(Locale.ROOT));
      if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
        return JSONL;
      }
      if (n.endsWith(".csv")) {
        return CSV;
      }
      if (n.endsWith(".history") || n.endsWith(".ads") || n.endsWith(".ad") || n.endsWith(".condor")) {
        return CONDOR;
      }
      throw new IllegalArgumentException("cannot tell the output format from the file name; use .jsonl, .csv or "
          + ".history (optionally followed by .gz or .zst)");
    }
  }

  private final long seed;
  private final int users;
  private final double zipfExponent;
  private final long startEpoch;
  private final Population population;

  private JobGenerator(Builder b) {
    this.seed = b.seed;
    this.users = b.users;
    this.zipfExponent = b.zipfExponent;
    this.startEpoch = b.startEpoch;
    this.population = new Population(seed, users, zipfExponent);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes {@code records} ads to {@code out}, choosing the format from the file name and compressing
   * with gzip or zstd when it ends in {@code .gz} or {@code .zst}. The file is written to a temporary
   * sibling and renamed into place, so a reader never sees half a file.
   *
   * @return the number of uncompressed bytes written
   */
  public long write(Path out, long records) throws IOException {
    Format format = Format.fromFileName(out.getFileName().toString());
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + out.getFileName(), ".tmp");
    long bytes;
    try {
      try (OutputStream raw = Files.newOutputStream(tmp);
          OutputStream os = compress(out.getFileName().toString(), new BufferedOutputStream(raw, 1 << 16))) {
        bytes = write(os, format, records);
      }
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return bytes;
  }

  private static OutputStream compress(String name, OutputStream os) throws IOException {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      return new GZIPOutputStream(os, 1 << 16);
    }
    if (n.endsWith(".zst")) {
      return new ZstdOutputStream(os, 3);
    }
    return os;
  }

  private static String stripCompression(String n) {
    if (n.endsWith(".gz")) {
      return n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".zst")) {
      return n.substring(0, n.length() - 4);
    }
    return n;
  }

  /**
   * Writes {@code records} ads in {@code format} to {@code out} (not closed).
   *
   * @return the number of bytes written
   */
  public long write(OutputStream out, Format format, long records) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
    if (records < 0) {
      throw new IllegalArgumentException("records must be >= 0, got " + records);
    }
    AdBuilder ad = new AdBuilder(population, new SplittableRandom(seed), startEpoch);
    AsciiSink sink = new AsciiSink(out);
    if (format == Format.CSV) {
      Attr.csvHeader(sink);
    }
    for (long i = 0; i < records; i++) {
      ad.next();
      switch (format) {
        case JSONL:
          ad.writeJson(sink);
          break;
        case CSV:
          ad.writeCsv(sink);
          break;
        default:
          if (i > 0) {
            sink.append('\n');
          }
          ad.writeCondor(sink);
          break;
      }
    }
    sink.flush();
    return sink.count;
  }

  /**
   * Every clear identifying value the population can put into a record: user names, full names, e-mail
   * addresses, x509 subjects, phone numbers, client and worker IP addresses, worker and schedd host
   * names. Sorted; for leak tests, which scan anonymized output for each of them.
   */
  public List<String> sensitiveValues() {
    Set<String> out = new LinkedHashSet<>();
    for (Population.User u : population.users) {
      out.add(u.name);
      if (!u.production) {
        out.add(u.fullName);
      }
      out.add(u.email);
      out.add(u.dn);
      out.add(u.phone);
      out.add(u.clientIp);
      if (u.imageNamespace != null) {
        out.add(u.imageNamespace);
      }
    }
    for (Population.Worker w : population.workers) {
      out.add(w.ip);
      if (w.ip6 != null) {
        out.add(w.ip6);
      }
    }
    for (String ip : population.scheddIps) {
      out.add(ip);
    }
    List<String> list = new ArrayList<>(out);
    Collections.sort(list);
    return Collections.unmodifiableList(list);
  }

  /**
   * The virtual organizations the ads name in {@code x509UserProxyVOName}, sorted: the experiments, with
   * mu2e's jobs under {@code fermilab}, as its proxies are. Public knowledge, as a laboratory's list of
   * experiments is (anonkit demo's differentially private release takes them as its public groups).
   */
  public static List<String> virtualOrganizations() {
    java.util.TreeSet<String> vos = new java.util.TreeSet<>();
    for (String e : Population.EXPERIMENTS) {
      vos.add(AdBuilder.voName(e));
    }
    return List.copyOf(vos);
  }

  /** The user names of the population, sorted (a subset of {@link #sensitiveValues()}). */
  public List<String> userNames() {
    List<String> list = new ArrayList<>();
    for (Population.User u : population.users) {
      list.add(u.name);
    }
    Collections.sort(list);
    return Collections.unmodifiableList(list);
  }

  @Override
  public String toString() {
    return "JobGenerator{seed=" + seed + ", users=" + users + ", zipf=" + zipfExponent + "}";
  }

  /** Builds a {@link JobGenerator}. Not thread-safe. */
  public static final class Builder {
    private long seed = 1;
    private int users = 300;
    private double zipfExponent = 1.1;
    private long startEpoch = 1_700_000_000L;

    private Builder() {}

    /** The seed; equal seeds give equal data. Default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of user accounts (including one production account per experiment), 10 to 100000. Default 300. */
    public Builder users(int users) {
      if (users < 10 || users > 100_000) {
        throw new IllegalArgumentException("users must be in [10, 100000], got " + users);
      }
      this.users = users;
      return this;
    }

    /** Exponent of the Zipf law of user activity, in (0, 4]. Default 1.1. */
    public Builder zipfExponent(double s) {
      if (!(s > 0 && s <= 4)) {
        throw new IllegalArgumentException("zipf exponent must be in (0, 4], got " + s);
      }
      this.zipfExponent = s;
      return this;
    }

    /** Unix time of the first submission. Default 1700000000 (Nov 2023). */
    public Builder startEpoch(long epochSeconds) {
      if (epochSeconds < 0) {
        throw new IllegalArgumentException("start epoch must be >= 0");
      }
      this.startEpoch = epochSeconds;
      return this;
    }

    public JobGenerator build() {
      return new JobGenerator(this);
    }
  }

  /** Buffered ASCII/UTF-8 output that counts bytes. Not thread-safe. */
  static final class AsciiSink {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    long count;

    AsciiSink(OutputStream out) {
      this.out = out;
    }

    AsciiSink append(char c) {
      if (c >= 0x80) {
        return append(String.valueOf(c));
      }
      if (pos == buf.length) {
        drain();
      }
      buf[pos++] = (byte) c;
      return this;
    }

    AsciiSink append(CharSequence s) {
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (pos == buf.length) {
            drain();
          }
          buf[pos++] = (byte) c;
        } else {
          byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          for (byte x : b) {
            if (pos == buf.length) {
              drain();
            }
            buf[pos++] = x;
          }
        }
      }
      return this;
    }

    AsciiSink append(long v) {
      if (v == Long.MIN_VALUE) {
        return append(Long.toString(v));
      }
      if (v < 0) {
        append('-');
        v = -v;
      }
      if (pos + 20 > buf.length) {
        drain();
      }
      int start = pos;
      do {
        buf[pos++] = (byte) ('0' + (v % 10));
        v /= 10;
      } while (v != 0);
      for (int i = start, j = pos - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
      return this;
    }

    private void drain() {
      try {
        out.write(buf, 0, pos);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      count += pos;
      pos = 0;
    }

    void flush() throws IOException {
      drain();
      out.flush();
    }
  }
}
