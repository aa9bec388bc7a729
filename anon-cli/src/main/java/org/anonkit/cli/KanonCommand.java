package org.anonkit.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.privacy.generalize.Hierarchy;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;
import org.anonkit.privacy.kanon.UtilityMetric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit kanon}: finds the optimal full-domain generalization of a delimited table's
 * quasi-identifiers (one {@code --hierarchy attr=file.csv} each, ARX format) that satisfies
 * k-anonymity, l-diversity and t-closeness within a suppression limit, writes the anonymized table (a
 * suppressed row with its quasi-identifiers and sensitive attributes {@code *}; the {@code --insensitive}
 * columns as they are, the {@code --identifying} ones removed; a run with a column that is none of these
 * nor sensitive is refused)
 * and a JSON report ({@code found}, {@code optimal}, {@code levels} in input column order,
 * {@code suppressed}, {@code classes}, {@code metrics} with {@code dmStar} as an exact integer, and a
 * per-class {@code risk} summary), and prints the readable report on standard error.
 *
 * <p>Exit codes: 0 done; 1 data error, including "no transformation satisfies the models"; 2 usage
 * error.
 *
 * <p>Not thread-safe (one instance per invocation).
 */
@Command(name = "kanon", mixinStandardHelpOptions = true,
    description = {"k-anonymity, l-diversity and t-closeness by optimal generalization and suppression.",
        "Every column of the table is classified, or the run is refused: a quasi-identifier (--hierarchy),"
            + " a sensitive attribute (--ldiversity, --tcloseness), --insensitive (released as it is) or"
            + " --identifying (removed)."})
public final class KanonCommand implements Callable<Integer> {
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Spec
  CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "input table with a header line ('-' for stdin)")
  String in;

  @Option(names = "--delimiter", defaultValue = ",", paramLabel = "CHAR", description = "cell delimiter (default ','; 'tab' for a tab)")
  String delimiter;

  @Option(names = "--hierarchy", required = true, paramLabel = "ATTR=FILE",
      description = "a quasi-identifier and its hierarchy file (rows: value;generalization;...;*), repeatable")
  Map<String, Path> hierarchies = new LinkedHashMap<>();

  @Option(names = "--hierarchy-delimiter", paramLabel = "CHAR", description = "delimiter of hierarchy files (default: --delimiter)")
  String hierarchyDelimiter;

  @Option(names = "--k", paramLabel = "K", description = "k-anonymity")
  Integer k;

  @Option(names = "--ldiversity", paramLabel = "ATTR:distinct:L|ATTR:entropy:L|ATTR:recursive:C:L",
      description = "l-diversity of a sensitive attribute, repeatable")
  List<String> lDiversity = new ArrayList<>();

  @Option(names = "--tcloseness", paramLabel = "ATTR:equal:T|ATTR:ordered:T",
      description = "t-closeness of a sensitive attribute, repeatable")
  List<String> tCloseness = new ArrayList<>();

  @Option(names = "--insensitive", split = ",", paramLabel = "COL",
      description = "columns released as they are, in suppressed rows too (they identify no one), repeatable")
  List<String> insensitive = new ArrayList<>();

  @Option(names = "--identifying", split = ",", paramLabel = "COL",
      description = "columns removed from the output (names, e-mail addresses, accounts), repeatable")
  List<String> identifying = new ArrayList<>();

  @Option(names = "--suppression", defaultValue = "0", paramLabel = "FRACTION", description = "fraction of rows that may be suppressed (default 0)")
  double suppression;

  @Option(names = "--metric", defaultValue = "dmstar", paramLabel = "NAME", description = "dmstar (default), dm, aecs, loss or precision")
  String metric;

  @Option(names = "--max-exhaustive", defaultValue = "1000000", paramLabel = "NODES",
      description = "largest lattice searched exhaustively; larger ones use a greedy search (default 1000000)")
  long maxExhaustive;

  @Option(names = "--out", paramLabel = "FILE", description = "anonymized table ('-' or absent: stdout)")
  String out;

  @Option(names = "--report", paramLabel = "FILE", description = "JSON report")
  Path report;

  /** A command on the process's standard streams. */
  public KanonCommand() {
    this(System.in, System.out, System.err);
  }

  /** A command on the given streams (tests). */
  public KanonCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    char delim = delimiterOf(delimiter, "--delimiter");
    char hDelim = hierarchyDelimiter == null ? delim : delimiterOf(hierarchyDelimiter, "--hierarchy-delimiter");
    KAnonymizer.Builder b = KAnonymizer.builder();
    try {
      b.suppressionLimit(suppression).metric(metricOf(metric)).maxExhaustiveNodes(maxExhaustive);
      if (k != null) {
        b.model(PrivacyModel.kAnonymity(k));
      }
      for (String spec : lDiversity) {
        b.model(lDiversityOf(spec));
      }
      for (String spec : tCloseness) {
        b.model(tClosenessOf(spec));
      }
      b.insensitive(insensitive.toArray(new String[0])).identifying(identifying.toArray(new String[0]));
      for (String qi : hierarchies.keySet()) {
        if (insensitive.contains(qi) || identifying.contains(qi)) {
          throw new IllegalArgumentException("column '" + qi + "' cannot be both a quasi-identifier (--hierarchy) and "
              + (insensitive.contains(qi) ? "--insensitive" : "--identifying"));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (k == null && lDiversity.isEmpty() && tCloseness.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one of --k, --ldiversity, --tcloseness");
    }
    // a missing file named on the command line is a usage error (exit 2), as in run and vectorize
    if (!"-".equals(in) && !Files.isReadable(Path.of(in))) {
      throw new ParameterException(spec.commandLine(), "cannot read input " + in);
    }
    for (Map.Entry<String, Path> e : hierarchies.entrySet()) {
      if (!Files.isReadable(e.getValue())) {
        throw new ParameterException(spec.commandLine(), "cannot read the hierarchy of '" + e.getKey() + "': " + e.getValue());
      }
    }
    try {
      for (Map.Entry<String, Path> e : hierarchies.entrySet()) {
        try (Reader r = Files.newBufferedReader(e.getValue(), StandardCharsets.UTF_8)) {
          b.quasiIdentifier(e.getKey(), Hierarchy.readCsv(r, hDelim));
        } catch (IllegalArgumentException ex) {
          stderr.println("anonkit kanon: hierarchy of '" + e.getKey() + "': " + ex.getMessage());
          return 1;
        }
      }
      DataTable table;
      try (Reader r = "-".equals(in) ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)))
          : Files.newBufferedReader(Path.of(in), StandardCharsets.UTF_8)) {
        table = DataTable.readCsv(r, delim);
      }
      for (int i = 0; i < table.columns().size(); i++) {
        // a table without a header row has its first row read as one: its values would be echoed as column
        // names in every message below (and written as the output's header), so refuse it as `anonkit run`
        // refuses such a CSV header, by position
        if (!org.anonkit.pipeline.io.FieldNames.isFieldName(table.columns().get(i))) {
          stderr.println("anonkit kanon: the header's column " + (i + 1) + " is not a field name ("
              + org.anonkit.pipeline.io.FieldNames.RULE + "); does the input lack a header row?");
          return 1;
        }
      }
      KAnonymizer anonymizer = b.build();
      List<String> missing = anonymizer.missingColumns(table.columns());
      if (!missing.isEmpty()) {
        // before the unclassified columns: a table without its header row lacks the declared columns, and
        // its first row, read as the header, must not be echoed; the declared names are the user's own
        stderr.println("anonkit kanon: the table has no " + (missing.size() == 1 ? "column " : "columns ")
            + quoted(missing) + " (declared by the options); does the input lack a header row?");
        return 1;
      }
      List<String> unclassified = anonymizer.unclassifiedColumns(table.columns());
      if (!unclassified.isEmpty()) {
        // fail closed: a column nobody mentioned would be released as it is beside a "k-anonymous" table
        stderr.println("anonkit kanon: " + (unclassified.size() == 1 ? "column " : "columns ") + quoted(unclassified)
            + (unclassified.size() == 1 ? " is" : " are") + " not classified; give each one"
            + " --hierarchy COL=FILE (a quasi-identifier, generalized),"
            + " --ldiversity/--tcloseness COL:... (a sensitive attribute, * in suppressed rows),"
            + " --insensitive COL (released as it is) or --identifying COL (removed from the output)");
        return 1;
      }
      KAnonResult result = anonymizer.anonymize(table);
      if (report != null) {
        Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
      }
      stderr.print(result.toText());
      if (!result.found()) {
        stderr.println("anonkit kanon: no transformation satisfies the privacy models within the suppression limit "
            + suppression + "; allow more suppression, use coarser hierarchies or weaker models");
        return 1;
      }
      if (out == null || "-".equals(out)) {
        Writer w = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        result.writeCsv(w, delim);
        w.flush();
      } else {
        try (Writer w = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
          result.writeCsv(w, delim);
        }
      }
      return 0;
    } catch (java.nio.charset.CharacterCodingException e) {
      stderr.println("anonkit kanon: input is not valid UTF-8");
      return 1;
    } catch (IOException e) {
      stderr.println("anonkit kanon: cannot read or write a file: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
      return 1;
    } catch (AnonException | IllegalArgumentException | IllegalStateException e) {
      stderr.println("anonkit kanon: " + e.getMessage());
      return 1;
    }
  }

  private static String quoted(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
    }
    return sb.toString();
  }

  private char delimiterOf(String s, String option) {
    if ("tab".equalsIgnoreCase(s) || "\\t".equals(s)) {
      return '\t';
    }
    if (s.length() != 1) {
      throw new ParameterException(spec.commandLine(), option + " must be one character (or 'tab')");
    }
    return s.charAt(0);
  }

  private static UtilityMetric metricOf(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "dmstar":
        return UtilityMetric.DM_STAR;
      case "dm":
        return UtilityMetric.DM;
      case "aecs":
        return UtilityMetric.AECS;
      case "loss":
        return UtilityMetric.LOSS;
      case "precision":
        return UtilityMetric.PRECISION;
      default:
        throw new IllegalArgumentException("--metric must be one of dmstar, dm, aecs, loss, precision");
    }
  }

  private static PrivacyModel lDiversityOf(String spec) {
    String[] p = spec.split(":", -1);
    try {
      if (p.length == 3 && p[1].equals("distinct")) {
        return PrivacyModel.distinctLDiversity(p[0], Integer.parseInt(p[2]));
      }
      if (p.length == 3 && p[1].equals("entropy")) {
        return PrivacyModel.entropyLDiversity(p[0], Double.parseDouble(p[2]));
      }
      if (p.length == 4 && p[1].equals("recursive")) {
        return PrivacyModel.recursiveCLDiversity(p[0], Double.parseDouble(p[2]), Integer.parseInt(p[3]));
      }
    } catch (NumberFormatException e) {
      // fall through to the usage message
    }
    throw new IllegalArgumentException("--ldiversity expects ATTR:distinct:L, ATTR:entropy:L or ATTR:recursive:C:L");
  }

  private static PrivacyModel tClosenessOf(String spec) {
    String[] p = spec.split(":", -1);
    try {
      if (p.length == 3 && p[1].equals("equal")) {
        return PrivacyModel.equalDistanceTCloseness(p[0], Double.parseDouble(p[2]));
      }
      if (p.length == 3 && p[1].equals("ordered")) {
        return PrivacyModel.orderedDistanceTCloseness(p[0], Double.parseDouble(p[2]));
      }
    } catch (NumberFormatException e) {
      // fall through to the usage message
    }
    throw new IllegalArgumentException("--tcloseness expects ATTR:equal:T or ATTR:ordered:T");
  }
}
