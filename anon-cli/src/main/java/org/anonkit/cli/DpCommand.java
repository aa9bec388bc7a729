package org.anonkit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.anonkit.InvalidInputException;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.DpRelease;
import org.anonkit.privacy.dp.DpResult;
import org.anonkit.privacy.dp.FieldRow;
import org.anonkit.privacy.dp.GaussianMechanism;
import org.anonkit.privacy.dp.PrivacyParameterException;
import org.anonkit.privacy.dp.Rdp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit dp}: differentially private statistics over job records (any format anonkit reads), and the planning tools
 * a data owner needs before a release.
 *
 * <ul>
 *   <li>{@code count|sum|mean|histogram --in jobs.jsonl --privacy-unit FIELD --epsilon E [--group-by
 *       F1,F2] [--value FIELD] [--delta D] [--bounds L,U] [--max-partitions N]
 *       [--max-contributions N] [--out FILE]}: a CSV (group fields, then the noisy value) on stdout or
 *       {@code --out}; the ε and δ spent on stderr. {@code histogram} counts rows per value of
 *       {@code --value} (within each group). Groups are selected privately, which needs
 *       {@code --delta}; without {@code --group-by} there is one public group. The privacy unit's
 *       values count in their canonical spelling, the one the main job's release ({@code DpByExperiment})
 *       and a run's user tokens use: {@code jdoe}, {@code JDoe} and {@code jdoe } are one unit, bounded
 *       once (as three, one person would contribute three times the bound the noise is sized for).
 *       {@code --epsilon} is above 0 and at most 100, the limit of the policy's {@code releases.dp.epsilon}.
 *   <li>{@code calibrate --mechanism laplace|gaussian --epsilon E [--delta D] --sensitivity S}: the
 *       noise scale (b for Laplace, the analytic σ for Gaussian) on the last line.
 *   <li>{@code account --noise-multiplier Z --sampling-rate Q --steps N --delta D
 *       [--conversion classic|improved]}: ε of a DP-SGD-style run (RDP of the sampled Gaussian, the
 *       optimal order reported) on the last line.
 * </ul>
 *
 * <p>Exit 0 ok, 1 data error (the message names line, field and row, never a value), 2 usage error.
 * Not thread-safe.
 */
@Command(name = "dp", mixinStandardHelpOptions = true,
    description = {"Differentially private statistics over job records (JSON lines, CSV, HTCondor -long/-json, Parquet), and DP planning tools."},
    subcommands = {DpCommand.Count.class, DpCommand.Sum.class, DpCommand.Mean.class,
        DpCommand.Histogram.class, DpCommand.Calibrate.class, DpCommand.Account.class})
public final class DpCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  private final InputStream in;
  private final OutputStream out;
  private final PrintStream err;

  /** Reads {@code System.in}, writes {@code System.out} and {@code System.err}. */
  public DpCommand() {
    this(System.in, System.out, System.err);
  }

  /** For tests and embedding: the streams to use. */
  public DpCommand(InputStream in, OutputStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand: count, sum, mean, histogram, calibrate or account");
  }

  private void println(String line) {
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    ps.println(line);
    ps.flush();
  }

  /** Options shared by the aggregate subcommands. */
  static final class AggregateOptions {
    @Option(names = "--in", paramLabel = "FILE", defaultValue = "-",
        description = "input records: JSON lines, CSV, HTCondor -long or -json, or Parquet, optionally .gz or .zst, "
            + "detected from the name or the content ('-' for stdin, the default)")
    String input;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "jsonl, csv, condor, condor-json or parquet (default: detected)")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write the CSV here (default stdout)")
    Path output;

    @Option(names = "--privacy-unit", required = true, paramLabel = "FIELD",
        description = "the field identifying the protected person or entity, e.g. Owner; its values count in their "
            + "canonical spelling, letter case and white space folded (jdoe, JDoe and 'jdoe ' are one unit)")
    String privacyUnit;

    @Option(names = "--group-by", split = ",", paramLabel = "FIELD",
        description = "group-by fields (comma-separated); groups are selected privately")
    List<String> groupBy = new ArrayList<>();

    @Option(names = "--epsilon", required = true, paramLabel = "E",
        description = "epsilon, above 0 and at most " + (int) ReleaseSettings.MAX_EPSILON + " (the policy's limit)")
    double epsilon;

    @Option(names = "--delta", paramLabel = "D", defaultValue = "0",
        description = "delta in (0, 1), spent on private group selection (needed with --group-by)")
    double delta;

    @Option(names = "--max-partitions", paramLabel = "N", defaultValue = "1",
        description = "L0: groups one privacy unit may contribute to (default 1)")
    int maxPartitions;

    @Option(names = "--max-contributions", paramLabel = "N", defaultValue = "1",
        description = "Linf: rows one privacy unit may contribute per group (default 1)")
    int maxContributions;
  }

  /** The common run: read, aggregate, write CSV, report the cost. */
  abstract static class AggregateCommand implements Callable<Integer> {
    @ParentCommand
    DpCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    AggregateOptions options;

    abstract String name();

    /** Fields whose values form the group key (group-by, plus the value for histogram). */
    List<String> keyFields() {
      return options.groupBy;
    }

    abstract DpRelease release(DpAggregation agg, Iterable<FieldRow> rows);

    String valueHeader() {
      return name();
    }

    boolean integral() {
      return false;
    }

    @Override
    public Integer call() throws IOException {
      List<String> keys = keyFields();
      if (!ReleaseSettings.epsilonAllowed(options.epsilon)) { // 1e300 released the exact count
        throw new CommandLine.ParameterException(spec.commandLine(), "--epsilon: expected a number above 0 and at most "
            + (int) ReleaseSettings.MAX_EPSILON + " (above it the noise hides nothing), got " + options.epsilon);
      }
      DpAggregation agg;
      try {
        DpAggregation.Builder b = DpAggregation.builder()
            .privacyUnit(options.privacyUnit)
            .groupBy(keys.toArray(new String[0]))
            .maxPartitionsContributed(options.maxPartitions)
            .maxContributionsPerPartition(options.maxContributions)
            .epsilon(options.epsilon)
            .delta(options.delta);
        if (keys.isEmpty()) {
          b.partitions(List.of(List.of()));
        } else if (!(options.delta > 0)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--delta is required with --group-by (groups are selected privately)");
        }
        agg = b.build();
      } catch (PrivacyParameterException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      List<String> fields = new ArrayList<>(keys);
      fields.add(options.privacyUnit);
      String value = valueField();
      if (value != null) {
        fields.add(value);
      }
      org.anonkit.pipeline.io.RecordFormat format = null;
      if (options.format != null) {
        try {
          format = org.anonkit.pipeline.io.RecordFormat.fromName(options.format);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      if ("-".equals(options.input) && format != null && format.external()) { // it was an internal error
        throw new CommandLine.ParameterException(spec.commandLine(), "--format " + options.format
            + " reads a file, not standard input: give it with --in FILE");
      }
      if (!"-".equals(options.input) && !Files.exists(Path.of(options.input))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read input " + options.input);
      }
      DpRelease release;
      try (InputRows rows = InputRows.open("-".equals(options.input) ? null : Path.of(options.input), parent.in,
          format, fields, options.privacyUnit)) {
        release = release(agg, rows);
      } catch (PrivacyParameterException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      } catch (InvalidInputException e) {
        parent.err.println("anonkit dp " + name() + ": " + e.getMessage());
        return 1;
      } catch (java.io.UncheckedIOException e) {
        parent.err.println("anonkit dp " + name() + ": cannot read the input: " + RunCommand.withCause(e));
        return 1;
      } catch (IOException e) {
        parent.err.println("anonkit dp " + name() + ": cannot read the input: " + e.getMessage());
        return 1;
      }
      OutputStream target = options.output == null ? parent.out : Files.newOutputStream(options.output);
      Writer w = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
      try {
        List<String> header = new ArrayList<>(keys);
        header.add(valueHeader());
        writeCsvLine(w, header);
        for (DpResult r : release.results()) {
          List<String> cells = new ArrayList<>(r.partition());
          cells.add(integral() ? Long.toString(Math.round(r.value())) : Double.toString(r.value()));
          writeCsvLine(w, cells);
        }
      } finally {
        w.flush();
        if (options.output != null) {
          w.close();
        }
      }
      parent.err.println("anonkit dp " + name() + ": spent epsilon=" + release.spent().epsilon()
          + " delta=" + release.spent().delta() + " (" + release.results().size() + " groups"
          + (release.partitionsSelected() ? ", selected privately)" : ")"));
      return 0;
    }

    String valueField() {
      return null;
    }
  }

  /** One RFC 4180 line: cells holding a comma, a quote or a line break are quoted. */
  static void writeCsvLine(Writer w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
          || c.indexOf('\r') >= 0) {
        w.write('"');
        w.write(c.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(c);
      }
    }
    w.write('\n');
  }

  /** Abstract base for subcommands that read a numeric value within bounds. */
  abstract static class BoundedCommand extends AggregateCommand {
    @Option(names = "--value", required = true, paramLabel = "FIELD", description = "numeric field")
    String value;

    @Option(names = "--bounds", required = true, split = ",", paramLabel = "L,U",
        description = "clamp values to [L, U]")
    List<Double> bounds;

    @Override
    String valueField() {
      return value;
    }

    double lower() {
      checkBounds();
      return bounds.get(0);
    }

    double upper() {
      checkBounds();
      return bounds.get(1);
    }

    private void checkBounds() {
      if (bounds.size() != 2) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--bounds takes two numbers L,U, got " + bounds.size());
      }
    }
  }

  /** {@code anonkit dp count}. */
  @Command(name = "count", mixinStandardHelpOptions = true,
      description = "DP number of rows per group (or in total).")
  public static final class Count extends AggregateCommand {
    @Override
    String name() {
      return "count";
    }

    @Override
    boolean integral() {
      return true;
    }

    @Override
    DpRelease release(DpAggregation agg, Iterable<FieldRow> rows) {
      return agg.count(rows);
    }
  }

  /** {@code anonkit dp histogram}. */
  @Command(name = "histogram", mixinStandardHelpOptions = true,
      description = "DP number of rows per value of --value (within each --group-by group).")
  public static final class Histogram extends AggregateCommand {
    @Option(names = "--value", required = true, paramLabel = "FIELD",
        description = "the field whose values are counted")
    String value;

    @Override
    String name() {
      return "histogram";
    }

    @Override
    String valueHeader() {
      return "count";
    }

    @Override
    boolean integral() {
      return true;
    }

    @Override
    List<String> keyFields() {
      List<String> k = new ArrayList<>(options.groupBy);
      k.add(value);
      return k;
    }

    @Override
    public Integer call() throws IOException {
      if (!(options.delta > 0)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--delta is required: histogram bins are selected privately");
      }
      return super.call();
    }

    @Override
    DpRelease release(DpAggregation agg, Iterable<FieldRow> rows) {
      return agg.count(rows);
    }
  }

  /** {@code anonkit dp sum}. */
  @Command(name = "sum", mixinStandardHelpOptions = true,
      description = "DP sum of --value, clamped to --bounds, per group.")
  public static final class Sum extends BoundedCommand {
    @Override
    String name() {
      return "sum";
    }

    @Override
    DpRelease release(DpAggregation agg, Iterable<FieldRow> rows) {
      return agg.sum(rows, value, lower(), upper());
    }
  }

  /** {@code anonkit dp mean}. */
  @Command(name = "mean", mixinStandardHelpOptions = true,
      description = "DP mean of --value, clamped to --bounds, per group.")
  public static final class Mean extends BoundedCommand {
    @Override
    String name() {
      return "mean";
    }

    @Override
    DpRelease release(DpAggregation agg, Iterable<FieldRow> rows) {
      return agg.mean(rows, value, lower(), upper());
    }
  }

  /** {@code anonkit dp calibrate}. */
  @Command(name = "calibrate", mixinStandardHelpOptions = true,
      description = {"Noise scale for a mechanism; the last line is the scale alone (b or sigma)."})
  public static final class Calibrate implements Callable<Integer> {
    @ParentCommand
    DpCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--mechanism", required = true, paramLabel = "laplace|gaussian")
    String mechanism;

    @Option(names = "--epsilon", required = true, paramLabel = "E")
    double epsilon;

    @Option(names = "--delta", paramLabel = "D", description = "required for gaussian")
    Double delta;

    @Option(names = "--sensitivity", required = true, paramLabel = "S",
        description = "L1 sensitivity (laplace) or L2 sensitivity (gaussian)")
    double sensitivity;

    @Override
    public Integer call() {
      try {
        switch (mechanism.toLowerCase(Locale.ROOT)) {
          case "laplace": {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
              throw new PrivacyParameterException("epsilon must be finite and > 0, got " + epsilon);
            }
            if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
              throw new PrivacyParameterException(
                  "sensitivity must be finite and > 0, got " + sensitivity);
            }
            double b = sensitivity / epsilon;
            parent.println("Laplace mechanism, epsilon=" + epsilon + ", L1 sensitivity="
                + sensitivity + ": scale b = sensitivity/epsilon (standard deviation "
                + Math.sqrt(2) * b + ")");
            parent.println(Double.toString(b));
            return 0;
          }
          case "gaussian": {
            if (delta == null) {
              throw new CommandLine.ParameterException(spec.commandLine(),
                  "--delta is required for the gaussian mechanism");
            }
            double sigma = GaussianMechanism.analyticSigma(epsilon, delta, sensitivity);
            String classic = epsilon < 1
                ? Double.toString(GaussianMechanism.classicSigma(epsilon, delta, sensitivity))
                : "n/a (the classic bound needs epsilon < 1)";
            parent.println("Gaussian mechanism, epsilon=" + epsilon + ", delta=" + delta
                + ", L2 sensitivity=" + sensitivity
                + ": analytic sigma (Balle & Wang 2018); classic sigma = " + classic);
            parent.println(Double.toString(sigma));
            return 0;
          }
          default:
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--mechanism must be laplace or gaussian, got " + mechanism);
        }
      } catch (PrivacyParameterException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  /** {@code anonkit dp account}. */
  @Command(name = "account", mixinStandardHelpOptions = true,
      description = {"Epsilon of a DP-SGD-style run (RDP of the sampled Gaussian);"
          + " the last line is epsilon alone."})
  public static final class Account implements Callable<Integer> {
    @ParentCommand
    DpCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--noise-multiplier", required = true, paramLabel = "Z")
    double noiseMultiplier;

    @Option(names = "--sampling-rate", required = true, paramLabel = "Q")
    double samplingRate;

    @Option(names = "--steps", required = true, paramLabel = "N")
    long steps;

    @Option(names = "--delta", required = true, paramLabel = "D")
    double delta;

    @Option(names = "--conversion", paramLabel = "classic|improved", defaultValue = "improved",
        description = "RDP to (epsilon, delta): classic or improved (default, as Opacus)")
    String conversion;

    @Override
    public Integer call() {
      Rdp.Conversion conv;
      switch (conversion.toLowerCase(Locale.ROOT)) {
        case "classic":
          conv = Rdp.Conversion.CLASSIC;
          break;
        case "improved":
          conv = Rdp.Conversion.IMPROVED;
          break;
        default:
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--conversion must be classic or improved, got " + conversion);
      }
      try {
        Rdp.EpsilonAtOrder e = Rdp.dpSgdEpsilon(samplingRate, noiseMultiplier, steps, delta, conv);
        parent.println("RDP accountant (sampled Gaussian, Mironov-Talwar-Zhang 2019): q="
            + samplingRate + ", noise multiplier=" + noiseMultiplier + ", steps=" + steps
            + ", delta=" + delta + ", conversion=" + conv.name().toLowerCase(Locale.ROOT)
            + ", optimal order=" + e.order());
        parent.println(Double.toString(e.epsilon()));
        return 0;
      } catch (PrivacyParameterException ex) {
        throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
      }
    }
  }

  /**
   * The named fields of every record of an input in any format anonkit reads, as a single-use
   * iterable: one chunk of records parsed at a time (memory bounded by the chunk, whatever the input's
   * size), field names matched ignoring case as ClassAds do, undefined values and nested JSON absent. A malformed
   * record stops the iteration with an {@link InvalidInputException} naming its line, never its bytes.
   * Not thread-safe.
   */
  static final class InputRows implements Iterable<FieldRow>, java.io.Closeable {
    private final org.anonkit.pipeline.io.RecordInput in;
    private final org.anonkit.pipeline.io.ChunkParser parser;
    private final String[] wanted;
    /** Per wanted field: whether it is the privacy unit, read in its canonical spelling. */
    private final boolean[] unit;
    private boolean used;

    private InputRows(org.anonkit.pipeline.io.RecordInput in, List<String> wanted, String unitField) {
      this.in = in;
      this.wanted = wanted.toArray(new String[0]);
      this.unit = new boolean[this.wanted.length];
      for (int k = 0; k < unit.length; k++) {
        unit[k] = this.wanted[k].equals(unitField); // the name a lookup asks for: each asks for its own
      }
      java.util.Set<String> lower = new java.util.HashSet<>();
      for (String w : wanted) {
        lower.add(w.toLowerCase(Locale.ROOT));
      }
      this.parser = in.newParser(name -> lower.contains(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Opens {@code path}, or {@code stdin} when it is null; {@code format} null: detected. The values of
     * {@code unitField} (a name among {@code wanted}, or null: none) come in their canonical spelling, the
     * one the main job's units and a run's user tokens take ({@link DpByExperiment#lower}): {@code jdoe},
     * {@code JDoe} and {@code jdoe } are one privacy unit, bounded once.
     */
    static InputRows open(Path path, InputStream stdin, org.anonkit.pipeline.io.RecordFormat format,
        List<String> wanted, String unitField) throws IOException {
      org.anonkit.pipeline.io.RecordInput.Builder b = path == null
          ? org.anonkit.pipeline.io.RecordInput.builder(stdin) : org.anonkit.pipeline.io.RecordInput.builder(path);
      if (format != null) {
        b.format(format);
      }
      return new InputRows(b.open(), wanted, unitField);
    }

    @Override
    public Iterator<FieldRow> iterator() {
      if (used) {
        throw new IllegalStateException("input rows can be read once");
      }
      used = true;
      return new Iterator<>() {
        private final List<String[]> chunk = new ArrayList<>();
        private int next;
        private boolean end;
        private final org.anonkit.pipeline.io.RecordHandler keep = new org.anonkit.pipeline.io.RecordHandler() {
          @Override
          public void record(org.anonkit.pipeline.io.FieldRecord r) {
            String[] values = new String[wanted.length];
            for (int k = 0; k < wanted.length; k++) {
              int i = r.indexOf(wanted[k]);
              org.anonkit.pipeline.io.FieldKind kind = i < 0 ? null : r.kind(i);
              // a nested JSON object or array is no scalar to count or sum: absent, as null is
              values[k] = kind == null || kind == org.anonkit.pipeline.io.FieldKind.UNDEFINED
                  || kind == org.anonkit.pipeline.io.FieldKind.JSON ? null
                  : unit[k] ? DpByExperiment.lower(r.text(i)) : r.text(i);
            }
            chunk.add(values);
          }

          @Override
          public void malformed(org.anonkit.pipeline.io.MalformedRecord m) {
            throw new InvalidInputException("malformed record" + (m.line() > 0 ? " at line " + m.line() : "")
                + " (" + m.reason() + ")", null, m.row());
          }
        };

        @Override
        public boolean hasNext() {
          while (next == chunk.size() && !end) {
            chunk.clear();
            next = 0;
            try {
              org.anonkit.pipeline.io.Chunk c = in.next();
              if (c == null) {
                end = true;
              } else {
                parser.parse(c, keep);
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return next < chunk.size();
        }

        @Override
        public FieldRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String[] values = chunk.get(next++);
          return field -> {
            for (int k = 0; k < wanted.length; k++) {
              if (wanted[k].equals(field)) {
                return values[k];
              }
            }
            return null;
          };
        }
      };
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
