package org.anonkit.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.anonkit.AnonException;
import org.anonkit.Anonymizer;
import org.anonkit.FieldPlan;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.Policy;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.ChunkSerializer;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.anonkit.pipeline.io.SerializedChunk;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * Runs a policy over batches of job records: the chunked, parallel, order-preserving anonymizer.
 *
 * <h2>How a run goes</h2>
 * <ol>
 *   <li><b>Dictionary pass</b> (only when the policy has a {@code dictionary} section and uses
 *       {@code scrub-text}): the inputs are read once, in parallel, collecting the user names held in
 *       the identity fields (the {@code dictionary} section's {@code fields}, see
 *       {@link #resolvePolicy}); the sorted set is given to every
 *       {@code scrub-text} rule. Because the dictionary is complete before any record is anonymized,
 *       the output never depends on which thread saw a name first. Names given to
 *       {@link Builder#dictionary} are added; with {@link Builder#singlePass} they replace the pass
 *       and are verified record by record instead (outputs staged under {@code private/} until every
 *       record passed; at the first miss the attempt is discarded and the run is redone in two passes).
 *   <li><b>Anonymizing pass</b>, per input: the calling thread cuts the input into chunks of whole
 *       records ({@link RecordInput}) and submits them to {@code threads} workers; each worker parses
 *       its chunk, applies the compiled policy record by record, and serializes it; the calling thread
 *       appends the serialized chunks to the output in input order. At most {@code 2 × threads + 2}
 *       chunks are in flight, and beyond the first at most 256 MiB of their input bytes (a Parquet
 *       chunk is a whole row group, as large as its writer made it), so memory is bounded whatever
 *       the input size, and the output is byte-identical for any thread count.
 *   <li><b>Results</b>: failure statistics (by token in {@code share/}, by clear name in
 *       {@code private/}), mapping files, quarantine of malformed records, and {@code manifest.json}.
 * </ol>
 *
 * <h2>Memory</h2>
 * Besides the chunks in flight, a run holds no per-record state: each collected chunk's vector rows
 * are appended to the matrix files at once ({@link org.anonkit.vectors.VectorWriter}, committed when
 * the run ends), and mapping pairs go to one {@link org.anonkit.hmac.MappingStore} per mapping field
 * (and one per input for its journal entry), which keeps a bounded number of distinct pairs in memory
 * and spills sorted runs to an owner-only folder under {@code private/}. What remains grows with
 * cardinalities, not rows: categorical dictionaries of the vectors (capped by each field's
 * {@code max-size} over the run), failure counts per user, the scrub-text names.
 *
 * <h2>Per field</h2>
 * A field the policy keeps is written as read; one it drops is omitted; one it transforms gets the
 * transformer's output (its kind stays when the text is unchanged, a ClassAd expression stays an
 * expression, anything else becomes a string). A value the transformer rejects follows the rule's
 * {@code onFailure}: {@code fail} stops the run with an {@link InvalidInputException} naming field and
 * row (never the value), {@code redact} writes the policy's marker, {@code drop} omits the field.
 * Fields the policy does not name follow its default rule, which is never "keep" (fail-closed).
 * Every outcome is counted per field. Transformers of low-cardinality fields are memoized per worker
 * (the memo switches itself off on a field whose values rarely repeat); a memo never changes a result.
 * This per-record step is {@link RecordAnonymizer}, one per worker thread.
 *
 * <h2>Malformed records</h2>
 * A record the reader cannot parse is counted and written, raw, to {@code private/quarantine/} with
 * its row, line and reason (it holds clear values), or stops the run when {@code failOnMalformed}.
 * Rows in = rows out + quarantined, always.
 *
 * <h2>Resume</h2>
 * With {@code resume(true)}, a run checkpoints as it goes: every {@value #SEGMENT_CHUNKS} chunks of an
 * input, their serialized bytes and then their counts, failure counts, mapping pairs and quarantined
 * records are committed atomically under {@code private/journal/NNNN-segments/} (the counts file is the
 * commit mark). After an interruption, the next {@code resume(true)} run with the same input (size and
 * SHA-256), chunk size and output name appends the committed segments' bytes to the new output, takes
 * their counts from the checkpoint and skips their chunks (cut again, not parsed or anonymized), then
 * goes on; the result is byte-identical to an uninterrupted run. When an input's output is committed,
 * its checkpoints are replaced by one journal entry (input size and SHA-256, output SHA-256, totals),
 * and a later resumed run skips that input entirely. A run that writes vectors (the policy's
 * {@code vectors} section, unless {@code vectors(false)}) neither checkpoints nor skips: its matrices
 * cover every record of the run. Every journal entry and checkpoint starts with the run's settings
 * ({@code RunSettings}: policy hash, mode, key id and key check value, formats, failure definition,
 * mapping fields); a resumed run refuses to start ({@link IllegalArgumentException}, before writing
 * anything) if any file of the journal carries other settings or none. Every checkpoint also records
 * a fingerprint of the scrub dictionary, and only checkpoints made with the run's own dictionary are
 * trusted (others are redone). A single-pass attempt writes no
 * checkpoints (its journal entries are written with its outputs once every record is verified) and
 * skips inputs whose journal entry carries its dictionary's fingerprint.
 *
 * <h2>Failures and interruptions</h2>
 * Errors while reading or anonymizing an input name its file name (and row, line, field where known;
 * never a value). A run first deletes what a killed run left half-written under {@code share/} and
 * {@code private/} (anonkit's temporary files only, {@code OutputLayout.removeLeftoverTemporaryFiles}),
 * then writes {@code share/}{@value #INCOMPLETE} and deletes the previous {@code manifest.json} (and an
 * {@code anonkit demo}'s {@code failures-dp.csv}/{@code .json}, figures of the earlier data); the
 * marker is deleted once the new manifest is written, so a failed or killed run leaves it (and no
 * manifest) beside whatever data files it had committed. A run holds {@code private/run.lock} locked
 * while it writes, so a second run into the same output directory stops before changing anything.
 *
 * <p>Immutable and thread-safe; each {@link #run} creates its own workers.
 */
public final class Pipeline {
  /** Version recorded in manifests and resume journals: the build's Maven version. */
  public static final String VERSION = buildVersion();

  private final Policy policy;
  private final String policySha256; // as the manifest and the journal record it (policySha256(bytes, policy))
  private final String mode;
  private final MasterKey key;
  private final TransformerRegistry registry;
  private final int threads;
  private final int chunkBytes;
  private final boolean chunkBytesSet;
  private final RecordFormat inputFormat;
  private final RecordFormat outputFormat;
  private final Compression outputCompression;
  private final FailureDefinition failureDefinition;
  /** The failure expression as share/ records it (private/failures.clear.json keeps it as given). */
  private final String sharedFailureExpression;
  private final java.util.function.UnaryOperator<String> countedByName;
  private final String userField;
  private final List<String> mappingFields;
  private final List<String> ipIntegerFields;
  private final boolean resume;
  private final boolean failOnMalformed;
  private final PrintStream progress;
  /** The policy compiled in the run's mode without the run's names: what a run checks before touching its output. */
  private final Anonymizer compiled;
  private final List<String> extraNames;
  private final org.anonkit.vectors.VectorSchema vectorSchema;
  private final long mappingPairsInMemory;
  private final MemoryGauge gauge;
  private final long maxInFlightBytes;
  private final boolean singlePass;
  private final Runnable beforeFallback;
  private final Completion beforeComplete;
  private final List<String> releaseNames;
  private final RunSettings settings;

  private Pipeline(Builder b) {
    this.policy = b.policy;
    this.policySha256 = policySha256(b.policyBytes, b.policy);
    this.mode = b.mode;
    this.key = b.key;
    this.registry = b.registry != null ? b.registry : TransformerRegistry.defaultRegistry();
    this.threads = b.threads;
    this.chunkBytes = b.chunkBytes;
    this.chunkBytesSet = b.chunkBytesSet;
    this.inputFormat = b.inputFormat;
    this.outputFormat = b.outputFormat;
    this.outputCompression = b.outputCompression;
    Policy p = b.policy;
    // The sections this class reads: a misspelt key ("preset" for "definition", "userfield") must not be
    // ignored, or the statistics, mappings and integer twins silently follow the defaults instead.
    p.extension("failures").requireOnly("the failures section", "definition", "userField");
    p.extension("mapping").requireOnly("the mapping section", "fields");
    boolean keepScalarsOnly = RecordAnonymizer.keepsScalarsOnly(p);
    Policy applied = PolicyModes.prepare(p, b.mode, List.of()); // an unknown mode fails here, before a run writes anything
    // so do an unknown transformer, bad parameters and a missing key: found when a run compiled the policy, after
    // it had marked a complete output folder INCOMPLETE and deleted its manifest (acceptance test 38)
    this.compiled = Anonymizer.compile(applied, b.key,
        b.registry != null ? b.registry : TransformerRegistry.defaultRegistry());
    this.failureDefinition = b.failureDefinition != null ? b.failureDefinition
        : FailureDefinition.of(p.extension("failures").getString("definition", "exit"));
    // share/ records the failure expression with the literals compared with a field the policy (or the
    // mode's version of it) does not keep in clear redacted: "Owner != \"produser\"" holds a clear value
    // (with keepCheck's "scalars", a kept field keeps only numbers and booleans: a string literal is redacted)
    this.sharedFailureExpression = failureDefinition.expression((f, literal) -> p.rule(f).action() == FieldRule.Action.KEEP
        && applied.rule(f).action() == FieldRule.Action.KEEP
        && (!keepScalarsOnly || RecordAnonymizer.isScalarText(literal)));
    this.userField = p.extension("failures").getString("userField", "Owner");
    this.mappingFields = b.mappingFields != null ? b.mappingFields
        : p.extension("mapping").has("fields") ? p.extension("mapping").getStringList("fields") : List.of(userField);
    boolean mappingNamed = b.mappingFields != null || p.extension("mapping").has("fields");
    for (String f : mappingNamed ? mappingFields : List.<String>of()) {
      // a mapping lists each clear value beside its token: a many-to-one rule's outputs are no tokens,
      // and two values sharing one stopped the run with a collision that advised longer tokens
      FieldRule r = applied.rule(f);
      if (r.action() == FieldRule.Action.TRANSFORM && (ScrubTextProvider.NAME.equals(r.transformer())
          || r.transformer().startsWith("generalize-"))) {
        String problem = "mapping field '" + f + "' is transformed by '" + r.transformer() + "'"
            + (applied.names(f) ? "" : " (the policy's default rule: the policy does not name it)")
            + ", which maps many values to one output; a mapping field needs a pseudonym (hmac, ff1, or another "
            + "format-preserving transformer)";
        if (b.mappingFields != null) {
          throw new IllegalArgumentException(problem);
        }
        throw new org.anonkit.PolicyException("$.mapping.fields", problem);
      }
    }
    this.ipIntegerFields = RecordAnonymizer.ipIntegerFields(p); // checks the section's keys too
    // counted by name whatever the input holds (FieldCounts): the fields the policy or its mode names,
    // and the integer twins, as they spell them (an input's other spellings are bounded like other names)
    Map<String, String> spellings = new HashMap<>();
    for (Policy q : List.of(p, applied)) {
      for (FieldRule r : q.rules()) {
        spellings.putIfAbsent(r.field().toLowerCase(Locale.ROOT), r.field());
      }
    }
    for (String f : ipIntegerFields) {
      String twin = f + RecordAnonymizer.IP_INTEGER_SUFFIX;
      spellings.putIfAbsent(twin.toLowerCase(Locale.ROOT), twin);
    }
    this.countedByName = f -> spellings.get(f.toLowerCase(Locale.ROOT));
    this.resume = b.resume;
    this.failOnMalformed = b.failOnMalformed;
    this.progress = b.progress;
    this.extraNames = b.extraNames;
    this.vectorSchema = b.vectors && !p.extension("vectors").isEmpty()
        ? org.anonkit.vectors.VectorSchema.fromParameters(p.extension("vectors")) : null;
    this.mappingPairsInMemory = b.mappingPairsInMemory;
    this.gauge = b.gauge;
    this.maxInFlightBytes = b.maxInFlightBytes;
    this.singlePass = b.singlePass;
    this.beforeFallback = b.beforeFallback;
    this.beforeComplete = b.beforeComplete;
    this.releaseNames = b.releaseNames;
    this.settings = settings();
  }

  /**
   * The token scheme: how values are spelled before they become tokens. Raised whenever a change of code
   * gives some value another token (the version stays the same between releases), so that {@code --resume}
   * refuses outputs made before it: 2 = user names in their canonical spelling in every field of the
   * {@code scrub-text} user domain, host names without a fully qualified name's root dot, e-mail
   * sub-addresses split (2026-11-27); 3 = IPv4 addresses spelled with dashes inside names replaced, the
   * name with {@code hostNames}, an IPv6 address right after a word and a ':', and the part of
   * an overlapping span past the one taken masked (2026-11-27); 4 = a DN's attributes other than DC, C,
   * O and OU (and those holding a dictionary name) replaced in {@code scrub-text}, a damaged condor -json
   * ad ended where the next ad's line starts (2026-11-27); 5 = a DN's DC/C/O/OU values and the text
   * after a one-word value scrubbed as free text (2026-11-27); 6 = a damaged condor -json ad re-synchronized
   * at the next ad as far in as its own, indented ones too (2026-11-27); 7 = a one-word DN value is the
   * word after any white space, up to what an address or a user name cannot hold, and a condor -json
   * ad's nested object on a line of its own after its ':' no longer ends the ad (2026-11-27); 8 = a DN's
   * user name replaced whole up to white space, an address in a DN ending where free text ends one, an
   * e-mail address at an IPv4 address given the address's token (2026-11-27); 9 = a condor -json nested
   * object on a line of its own after its ':' ends the ad only when it is also less far in than its
   * key's line (2026-11-27); 10 = an IPv4 address inside a host name that is kept (an e-mail domain, a
   * slot's host without {@code hostNames}) replaced (2026-11-27); 11 = an IPv4 address where a host name
   * stands (a slot's host, a sinful alias, an e-mail domain) given the address's token with {@code
   * hostNames} too (2026-11-27); 12 = DNs in RFC 4514's comma form found in {@code scrub-text} and their CN
   * and lower-case {@code uid} values collected by the dictionary pass, and a later RDN key {@code e} read as
   * {@code E} (2026-11-27); 13 = a sinful string's host name that starts with an address given the host
   * name's token, and the part of a span past a taken one there masked (2026-11-27); 14 = an e-mail address
   * at an address literal ({@code jane@[10.1.2.3]}) or with a '_' in its domain read as one (2026-11-27); 15
   * = a kept host name's dictionary names replaced, and overlapping addresses in it masked (2026-11-27); 16 =
   * the comma form as review 38 left it (known types, blanks around '=', quoted values, a person's value
   * needed, no ';' between RDNs) and its names in the dictionary pass (2026-11-27); 17 = the person types'
   * OIDs read as their names in the comma form (2026-11-27); 18 = credentials masked, keys and folders
   * naming users, URL user info, names after escapes, address literals with blanks or IPv4-mapped
   * addresses, user names with '.', '_' or '-' encrypted in the {@code fpe} mode, a Kerberos principal's
   * primary in the dictionary (reviews 41, 43 and 44, 2026-11-27); 19 = in {@code scrub-text}, user:password@host
   * without a URL scheme and URL passwords holding '/' or '(' read as user infos (the password masked, the user a
   * user name: the e-mail reading gave the password a user token), dictionary full names joined by '+' or
   * {@code %20} given the name's token, and IPv6 address literals of hexadecimal groups only (the limits review 44
   * left, 2026-11-27); 20 = a JSON-lines or condor-json record holding a key that is no field name
   * ({@link org.anonkit.pipeline.io.FieldNames}) quarantined, where the key was written in clear (review 46,
   * 2026-11-27: an output reused from before could carry such keys), and so is one whose JSON string escapes an
   * unpaired surrogate (it went through in free text). Journals written before 2 have no such part.
   */
  static final String TOKEN_SCHEME = "20";

  /** What the resume journal records of this pipeline's settings (see {@link RunSettings}). */
  private RunSettings settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("version", VERSION);
    s.put("tokens", TOKEN_SCHEME);
    s.put("policy", policySha256);
    s.put("mode", mode == null ? "hmac" : mode);
    s.put("key-id", key == null ? "none" : key.id());
    s.put("key-check", RunSettings.keyCheck(key));
    s.put("input-format", inputFormat == null ? "detected" : inputFormat.name());
    s.put("output-format", outputFormat == null ? "input's" : outputFormat.name());
    s.put("compression", outputCompression == null ? "input's" : outputCompression.name());
    s.put("failures", failureDefinition.name() + " " + failureDefinition.expression());
    s.put("user-field", userField);
    s.put("mapping-fields", String.join(",", mappingFields));
    s.put("ip-integer-fields", String.join(",", ipIntegerFields));
    s.put("on-malformed", failOnMalformed ? "fail" : "quarantine");
    return RunSettings.of(s);
  }

  /**
   * The policy's SHA-256 as the manifest records it: of its file's bytes ({@link Builder#policySource}), else of
   * its canonical JSON ({@link org.anonkit.config.PolicyJson#write}), so that a policy built in code and saved
   * with {@code PolicyJson.write} is the file of the run for {@code anonkit fpe --policy}; a policy no file can
   * hold (a NaN parameter, a default rule not named {@code *}) is hashed by a description of its rules.
   */
  private static String policySha256(byte[] policyBytes, Policy policy) {
    if (policyBytes != null) {
      return policyFileSha256(policyBytes);
    }
    String text;
    try {
      text = org.anonkit.config.PolicyJson.write(policy);
    } catch (org.anonkit.PolicyException e) {
      text = policyDescription(policy);
    }
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The SHA-256 (lower-case hex) that a run's manifest records for a policy file's bytes
   * ({@link Builder#policySource}): what a key holder's tool compares with {@code "policy": {"sha256"}}.
   */
  public static String policyFileSha256(byte[] policyFile) {
    return sha256(policyFile);
  }

  public static Builder builder(Policy policy) {
    return new Builder(policy);
  }

  /**
   * The policy a run compiles, for library users who compile it themselves with
   * {@link Anonymizer#compile}: applies {@code mode} (the policy's {@code modes} section; {@code null}
   * or {@code hmac} for the policy as written) and merges the {@code scrub} section and {@code names}
   * (the scrub-text dictionary, e.g. the site's user list; the pipeline collects it in a first pass)
   * into every {@code scrub-text} rule. The sections: {@code "modes": {"fpe": {"fields": {...},
   * "scrub": {...}}}} (a named mode replaces the rules of the fields it lists, and the {@code scrub}
   * entries it lists); {@code "scrub": {...}} (parameters merged into every {@code scrub-text} rule, the
   * rule's own winning); {@code "dictionary": {"fields": [...]}} (the identity fields a run collects
   * {@code names} from). docs/pipeline.md, "The HTCondor policy", has the shipped policy's.
   */
  public static Policy resolvePolicy(Policy policy, String mode, java.util.Collection<String> names) {
    return PolicyModes.prepare(policy, mode, names);
  }

  /**
   * The bytes of a policy shipped inside this module: {@code htcondor} (the reviewed HTCondor job-ad
   * policy, a copy of {@code examples/policies/htcondor.json} kept identical by a test). Beyond this
   * module's dependencies it needs {@code org.anonkit:anon-cryptopan} ({@code ip}) and, in its {@code fpe}
   * mode, {@code org.anonkit:anon-fpe} ({@code ff1}, {@code hostname}, {@code phone}): a library user adds
   * them (compiling the policy without them fails naming the artifacts to add).
   *
   * @throws IllegalArgumentException naming the bundled policies
   */
  public static byte[] bundledPolicy(String name) {
    if (!name.equals("htcondor")) {
      throw new IllegalArgumentException("no bundled policy '" + name + "'; available: [htcondor]");
    }
    try (InputStream in = Pipeline.class.getResourceAsStream("policies/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("bundled policy resource missing from the anon-pipeline jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Input bytes of the chunks being processed at once, at most (beyond the first): 256 MiB. */
  static final long MAX_IN_FLIGHT_BYTES = 256L << 20;

  /**
   * The default chunk of a row-format input written as Parquet, whose row groups are its chunks: with
   * 1 MiB (about 360 job ads a row group) the file came out 1.9 times as large as with 16 MiB, and its
   * footer, about 11 KB per row group of 70 columns, passed Parquet's 2 GiB limit at about 190 GB of
   * input (held in the writer's heap until the end). The bytes in flight stay capped as for 1 MiB chunks.
   */
  static final int COLUMNAR_OUTPUT_CHUNK_BYTES = 16 << 20;

  /** Suffix of the integer twin of an IP field: {@code JobsubClientIpAddress_u32}. */
  public static final String IP_INTEGER_SUFFIX = RecordAnonymizer.IP_INTEGER_SUFFIX;

  /**
   * Anonymizes {@code inputs} into {@code outDir} (created if needed; see {@link OutputLayout}). A
   * directory among the inputs stands for its {@code .parquet} part files (sorted; names starting with
   * {@code .} or {@code _} skipped), each anonymized into its own output part.
   *
   * @throws InvalidInputException if a value is rejected by a {@code fail} rule, or a record is
   *     malformed and {@code failOnMalformed} is set (nothing half-written stays behind)
   * @throws IOException if an input cannot be read (the message names the input's file), or is no
   *     regular file (a pipe: refused before anything is read), or an output
   *     written (the message names the output); if another run holds {@code outDir} (its
   *     {@code private/run.lock}), or its {@code private/} and {@code share/} are not separate folders:
   *     nothing is written then
   * @throws IllegalArgumentException with {@code resume}, if {@code outDir}'s journal was written with
   *     other settings (policy, mode, key, formats: see the class comment); if an input lies under
   *     {@code outDir/share/}; nothing is written then
   */
  public RunReport run(List<Path> inputs, Path outDir) throws IOException {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no inputs");
    }
    inputs = expandDirectories(inputs);
    if (outputCompression != null && (outputFormat != null ? outputFormat.external() : allExternal(inputs))) {
      // it was ignored without a word: a Parquet file compresses its columns itself (ZSTD)
      throw new IllegalArgumentException("the output compression applies to row formats (JSON lines, CSV, ClassAds); "
          + "Parquet output compresses its columns (ZSTD) and takes none");
    }
    refuseInputsInShare(inputs, outDir);
    for (Path in : inputs) {
      // refused before anything is read or written: a run reads its inputs more than once, and a pipe
      // read a second time gave, depending on its writer, "Illegal seek", an open() that waited for good,
      // or other bytes that looked like an input changed during the run
      if (Files.exists(in) && !Files.isRegularFile(in)) {
        throw new IOException("cannot read input " + in.getFileName() + ": the input is not a regular file (a pipe "
            + "or a device cannot be read again, and a run reads its inputs more than once; write it to a file first)");
      }
    }
    for (Path in : inputs) {
      // an input whose format cannot be detected, or a CSV input without a header of field names, is refused
      // before the output folder is touched (it was found after a complete folder had been marked INCOMPLETE)
      try (RecordInput input = open(in)) {
        // opening reads the input's start: its compression, format and header; a CSV written as CSV needs a column
        if (input.format() == RecordFormat.CSV && (outputFormat == null || outputFormat == RecordFormat.CSV)
            && outputColumns(input.columns(), compiled).isEmpty() && !input.columns().isEmpty()) {
          throw inInput(in, new InvalidInputException(
              "the policy drops every field of the input: a CSV output would have no columns"));
        }
      }
    }
    long t0 = System.nanoTime();
    OutputLayout layout = OutputLayout.create(outDir);
    // two runs writing into one OUT at once deleted each other's files in progress and could leave
    // one run's manifest over the other's data: the second now stops before touching anything
    try (java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(layout.privateDir().resolve(LOCK),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      layout.restrictFile(layout.privateDir().resolve(LOCK));
      java.nio.channels.FileLock lock = lock(lockFile, layout);
      try {
        return runLocked(inputs, layout, t0);
      } finally {
        if (lock != null) {
          lock.release();
        }
      }
    }
  }

  /**
   * Refuses an input that lies under {@code outDir/share/}: it is read as clear data, and it would be
   * given away with {@code share/} (a complete one, its manifest written), or deleted by the run as an
   * earlier run's data file when its name holds {@code .anon.}.
   *
   * @throws IllegalArgumentException naming the input (its file name) before anything is written
   */
  private static void refuseInputsInShare(List<Path> inputs, Path outDir) throws IOException {
    Path share = outDir.toAbsolutePath().normalize().resolve("share");
    if (!Files.exists(share)) {
      return; // nothing can lie inside a folder that is not there
    }
    Path realShare = share.toRealPath();
    for (Path in : inputs) {
      if (Files.exists(in) && in.toRealPath().startsWith(realShare)) {
        throw new IllegalArgumentException("input " + in.getFileName() + " lies inside the output's share/ folder, "
            + "which is given away: nothing was written. Move the input out of " + share + ", or write to another output "
            + "directory");
      }
    }
  }

  /** The file under {@code private/} that a run holds locked while it writes the output directory. */
  static final String LOCK = "run.lock";

  /**
   * Locks {@code private/}{@value #LOCK} for this run; null where the file system has no locks (a
   * warning is logged then).
   *
   * @throws IOException if another run (another process, or another pipeline of this one) holds it
   */
  private static java.nio.channels.FileLock lock(java.nio.channels.FileChannel file, OutputLayout layout)
      throws IOException {
    java.nio.channels.FileLock lock;
    try {
      lock = file.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by another pipeline of this process
    } catch (IOException e) { // no locks on this file system (some NFS mounts): run as before
      LOG.log(System.Logger.Level.WARNING, "cannot lock " + layout.privateDir().resolve(LOCK) + " (" + e.getMessage()
          + "): nothing stops another run from writing into " + layout.root() + " at the same time");
      return null;
    }
    if (lock == null) {
      throw new IOException("another anonkit run is writing into " + layout.root() + " (it holds private/" + LOCK
          + "); two runs must never write into one output directory at once: nothing was changed. Wait for it to "
          + "end, or choose another output directory");
    }
    return lock;
  }

  private RunReport runLocked(List<Path> inputs, OutputLayout layout, long t0) throws IOException {
    if (resume && vectorSchema == null) { // a run that writes vectors reuses nothing
      checkJournal(layout, inputs.size()); // before anything is written
    }
    // what a killed run left half-written: temporary files beside their targets, vector staging folders
    int leftovers = layout.removeLeftoverTemporaryFiles();
    if (leftovers > 0) {
      LOG.log(System.Logger.Level.INFO, "removed " + leftovers + " temporary file(s) left by an interrupted run under "
          + layout.root());
    }
    // until this run's manifest is written, share/ says that it is incomplete (also after a failure or kill)
    Path marker = layout.share().resolve(INCOMPLETE);
    layout.writeAtomically(marker, out -> out.write(INCOMPLETE_TEXT.getBytes(StandardCharsets.UTF_8)));
    Files.deleteIfExists(layout.share().resolve("manifest.json")); // a previous run's, no longer true
    // an earlier run's releases (Builder.releaseNames): figures of the earlier data (a run without the step
    // would leave them, unlisted in its manifest, beside its outputs)
    for (String f : releaseNames) {
      Files.deleteIfExists(layout.share().resolve(f));
    }
    Files.createDirectories(layout.share().resolve("data"));
    // a killed single-pass attempt's unverified outputs (owner-only, never under share/)
    discardStaging(layout);
    // beforeComplete runs inside, before the manifest: still under this run's lock and with
    // share/INCOMPLETE.txt in place, so what it writes into share/ is part of this run (a second run into the
    // folder cannot start between them and delete it or write beside it), the manifest lists it, and if it
    // fails, share/ stays marked incomplete
    RunReport report = runPasses(inputs, layout, t0);
    Files.delete(marker);
    return report;
  }

  private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

  /**
   * A last step of a run ({@link Builder#beforeComplete}): runs once the run's other outputs are written,
   * before its manifest, under the run's lock and while {@code share/}{@value #INCOMPLETE} stands.
   *
   * <p><b>Threads:</b> {@link #accept} is called at most once per {@link Pipeline#run}, on the thread that
   * called {@code run}, after the run's worker threads have finished; nothing else of the run runs
   * meanwhile. An implementation needs no synchronization for that call; one instance shared by
   * {@link Pipeline}s that run at the same time on several threads is called from each of them, so it must
   * then be thread-safe itself.
   */
  @FunctionalInterface
  public interface Completion {
    /**
     * Completes the run whose outputs {@code report} describes (e.g. writes more files into
     * {@code report.layout().share()}; the report's {@code files()} has no {@code manifest} yet).
     *
     * @return the files it wrote, by name (none: an empty map): regular files of its own under
     *     {@code share/} (not the manifest, the marker, {@code share/data/} or any of the run's own
     *     {@link RunReport#files()}, reached through no link), named apart from the run's own files and
     *     {@code manifest}; the manifest lists each
     *     under {@code files} and, with its size and SHA-256, under {@code releases}, and the run's report
     *     has them in its {@code files()}
     * @throws IOException to fail the run: {@code share/} then stays marked incomplete
     */
    Map<String, Path> accept(RunReport report) throws IOException;
  }

  /**
   * Checks the files a {@link Completion} reports ({@code wrote}), adds them to {@code files} and
   * returns each one's manifest entry {@code [path relative to the output directory, bytes, sha256]},
   * in name order.
   */
  private static List<String[]> completed(OutputLayout layout, Map<String, Path> wrote, Map<String, Path> files)
      throws IOException {
    List<String[]> entries = new ArrayList<>();
    Path root = layout.root();
    Path share = layout.share();
    // the run's own files and folders (the manifest's name too, which it is given after this), its marker
    // and the manifest's path: a release named or placed as one of them would be listed as something else
    java.util.Set<Path> own = new java.util.HashSet<>(files.values());
    own.add(share.resolve("manifest.json"));
    own.add(share.resolve(INCOMPLETE));
    own.add(share.resolve(README));
    own.add(share.resolve("data"));
    java.util.Set<Path> seen = new java.util.HashSet<>();
    for (Map.Entry<String, Path> e : new TreeMap<>(wrote).entrySet()) {
      Path f = e.getValue().toAbsolutePath().normalize();
      if (files.containsKey(e.getKey()) || e.getKey().equals("manifest")) {
        throw new IllegalStateException("the last step reported a file named " + e.getKey()
            + ", as one of the run's own outputs");
      }
      boolean ownFile = !seen.add(f);
      for (Path p = f; p != null && p.startsWith(share); p = p.getParent()) {
        ownFile |= own.contains(p); // the file, or a folder it is in
      }
      // in share/ (its checksum goes into share/), a regular file, reached through no link to elsewhere
      if (ownFile || !f.startsWith(share) || f.equals(share) || !Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          || !f.getParent().toRealPath().startsWith(share.toRealPath())) {
        throw new IllegalStateException("the last step reported " + e.getKey() + " as " + root.relativize(f)
            + ", which is not a regular file of its own under " + share);
      }
      files.put(e.getKey(), f);
      entries.add(new String[] {root.relativize(f).toString(), Long.toString(Files.size(f)), sha256(f)});
    }
    return entries;
  }

  /** The file under {@code share/} that says the output is incomplete (a run is writing it, failed or was killed). */
  public static final String INCOMPLETE = "INCOMPLETE.txt";

  /** The recipient's guide to {@code share/} ({@link ShareReadme}), written with the manifest. */
  static final String README = "README.md";

  private static final String INCOMPLETE_TEXT = "This output is INCOMPLETE: the anonkit run writing it has not finished\n"
      + "(it is still running, it failed, or it was interrupted). Do not share anything from this folder.\n"
      + "A run that completes writes manifest.json (listing every output and its SHA-256) and deletes this file.\n"
      + "To finish it, rerun the same command (with --resume to reuse what was committed).\n";

  /**
   * Refuses to resume from a journal that another configuration wrote: every journal entry and
   * checkpoint under {@code private/journal/} must carry this pipeline's {@link RunSettings} line.
   *
   * @throws IllegalArgumentException naming the settings that differ (names only) and what to do
   */
  private void checkJournal(OutputLayout layout, int inputCount) throws IOException {
    Path dir = layout.privateDir().resolve("journal");
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (java.util.stream.Stream<Path> s = Files.walk(dir, 2)) {
      s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(p -> {
        String n = p.getFileName().toString();
        String parent = p.getParent().getFileName().toString();
        return p.getParent().equals(dir) ? n.matches("[0-9]{4,}\\.tsv") && position(n) < inputCount
            : parent.matches("[0-9]{4,}-segments") && n.matches("seg-[0-9]+\\.tsv") && position(parent) < inputCount;
      }).forEach(files::add); // entries of positions past this run's inputs are never read: not checked
    }
    Set<String> differing = new TreeSet<>();
    int stale = 0;
    for (Path f : files) {
      String first;
      try (java.io.BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        first = r.readLine();
      } catch (java.nio.charset.CharacterCodingException e) {
        first = null;
      }
      List<String> d = settings.differences(first);
      if (!d.isEmpty()) {
        stale++;
        differing.addAll(d);
      }
    }
    if (stale > 0) {
      throw new IllegalArgumentException("--resume refused: " + stale + " of the " + files.size()
          + " resume journal file(s) in " + dir + " were written with other settings (differing: "
          + String.join(", ", differing) + "); reusing them would mix outputs of two configurations, so "
          + "nothing was reused or written. Rerun without --resume into a new output directory, or resume with "
          + "the original policy, mode, key and format options"
          + (differing.contains("tokens") || differing.contains("version")
              ? " (a journal of another anonkit build, whose tokens differ, cannot be resumed: rerun without --resume)"
              : "") + ".");
    }
  }

  /** The input position a journal file or folder name starts with ({@code 0003.tsv}, {@code 0003-segments}). */
  private static long position(String name) {
    int e = 0;
    while (e < name.length() && Character.isDigit(name.charAt(e))) {
      e++;
    }
    return e > 18 ? Long.MAX_VALUE : Long.parseLong(name.substring(0, e));
  }

  /** The run after the output directory is prepared: one attempt, or a single-pass attempt and its fallback. */
  private RunReport runPasses(List<Path> inputs, OutputLayout layout, long t0) throws IOException {
    boolean needDictionary = !PolicyModes.dictionaryFields(policy).isEmpty() && usesScrub(policy);
    if (!needDictionary) {
      return runOnce(inputs, layout, t0, Pass.NO_DICTIONARY);
    }
    if (singlePass && !extraNames.isEmpty()) {
      try {
        return runOnce(inputs, layout, t0, Pass.SINGLE);
      } catch (DictionaryMiss miss) {
        // the attempt's outputs were all staged under private/: drop them, then do it in two passes
        discardStaging(layout);
        if (beforeFallback != null) {
          beforeFallback.run();
        }
        return runOnce(inputs, layout, t0, Pass.FALLBACK);
      } catch (IOException | RuntimeException | Error e) {
        try {
          discardStaging(layout); // unverified outputs are of no use to any later run
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
    return runOnce(inputs, layout, t0, Pass.TWO);
  }

  /** How a run gets its scrub dictionary. */
  private enum Pass {
    /** The policy needs no dictionary. */
    NO_DICTIONARY,
    /** First pass (plus the supplied names, if any). */
    TWO,
    /** The supplied names only, verified record by record in the anonymizing pass; outputs staged. */
    SINGLE,
    /** Two passes after a failed single-pass attempt; the first pass also counts the records that missed. */
    FALLBACK
  }

  /** Folder under {@code private/} where a single-pass attempt stages its data files and journal entries. */
  static final String STAGING = "single-pass-staging";

  private static void discardStaging(OutputLayout layout) throws IOException {
    Path staging = layout.privateDir().resolve(STAGING);
    deleteContents(staging);
    Files.deleteIfExists(staging);
  }

  /**
   * One attempt: its outputs ({@link #anonymize}), then the run's last step, {@link Builder#beforeComplete},
   * then the manifest. The last step runs once the attempt's workers, memos and stores are gone (the k-anon
   * release's search needs the heap they held).
   */
  private RunReport runOnce(List<Path> inputs, OutputLayout layout, long t0, Pass pass) throws IOException {
    Outputs o = anonymize(inputs, layout, t0, pass);
    List<String[]> released = List.of();
    if (beforeComplete != null) {
      // what it writes is listed in the manifest below
      released = completed(layout, beforeComplete.accept(o.report(t0, layout)), o.files);
    }
    Path manifest = layout.share().resolve("manifest.json");
    writeManifest(layout, manifest, o.prepared, o.keyId, o.inputInfo, o.outputInfo, o.totals, o.failures, o.files,
        o.dictionary, released);
    o.files.put("manifest", manifest);
    return o.report(t0, layout);
  }

  /**
   * What an attempt wrote and counted, for its last step, manifest and report; {@code done}: when it
   * finished ({@link System#nanoTime}), so that the report's seconds (and the summary's MB/s) are the
   * anonymizing run's, without the last step.
   */
  private record Outputs(Policy prepared, String keyId, List<String[]> inputInfo, List<String[]> outputInfo,
      Totals totals, FailureStatistics failures, Map<String, Path> files, List<Path> dataFiles, List<String> resumed,
      DictionaryInfo dictionary, long done) {
    RunReport report(long t0, OutputLayout layout) {
      return new RunReport(totals.rowsIn, totals.rowsOut, totals.quarantined, totals.bytesIn, totals.counts.sorted(),
          totals.counts.other(), failures, dataFiles, files, resumed, (done - t0) / 1e9, layout, dictionary);
    }
  }

  /** An attempt's outputs, every one but the manifest; its pool and stores are closed when it returns. */
  private Outputs anonymize(List<Path> inputs, OutputLayout layout, long t0, Pass pass) throws IOException {
    Path dataDir = layout.share().resolve("data");
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    StorePairs runPairs = null;
    StorePairs inputPairs = null;
    RunVectors vectors = null;
    try {
      // input checksums: computed while the anonymizing pass reads a row-format input (no extra read);
      // in the background beforehand where they are needed first (a resumed run checks its journal
      // against them) or where the reader does not stream the file (Parquet reads column chunks)
      List<Future<String[]>> sums = new ArrayList<>();
      for (Path in : inputs) {
        sums.add(resume || readsByColumns(in) ? pool.submit(() -> new String[] {Long.toString(Files.size(in)), sha256(in)})
            : null);
      }
      for (Path in : inputs) {
        if (vectorSchema != null && readsByColumns(in)) {
          try (RecordInput input = open(in)) { // a columnar input's schema: its footer
            checkTimeUnits(in, input.schema());
          }
        }
      }
      boolean collectNames = pass == Pass.TWO || pass == Pass.FALLBACK;
      Set<String> names = new TreeSet<>(extraNames);
      Set<String> allFields = new LinkedHashSet<>();
      Map<String, FieldKind> allKinds = new LinkedHashMap<>(); // columnar output from row formats
      boolean needFields = outputFormat == RecordFormat.CSV || outputFormat != null && outputFormat.external()
          && !allExternal(inputs);
      long[] misses = new long[1];
      // the bytes the first pass read of each input (-1: not read, or read by columns): the anonymizing
      // pass must read the same, or the input changed in between (a live history file appended to)
      long[] firstPassBytes = new long[inputs.size()];
      Arrays.fill(firstPassBytes, -1);
      if (collectNames || needFields) {
        firstPass(inputs, pool, collectNames ? names : null, needFields ? allFields : null,
            needFields && outputFormat.external() ? allKinds : null,
            pass == Pass.FALLBACK ? PolicyModes.prepare(policy, mode, extraNames) : null, misses, firstPassBytes);
      }
      Policy prepared = PolicyModes.prepare(policy, mode, names);
      Anonymizer anonymizer = Anonymizer.compile(prepared, key, registry);
      // without a dictionary pass (the policy names no dictionary fields) a supplied list is still the
      // scrub-text rules' dictionary: the manifest records it and a resume must have the same (review 45:
      // neither did, so --resume with another list reused outputs scrubbed with the first)
      boolean suppliedOnly = pass == Pass.NO_DICTIONARY && !extraNames.isEmpty() && usesScrub(policy);
      String fingerprint = dictionaryFingerprint(pass == Pass.NO_DICTIONARY && !suppliedOnly ? List.of() : names);
      DictionaryInfo dictionary = pass == Pass.NO_DICTIONARY
          ? (suppliedOnly ? new DictionaryInfo("supplied", false, false, distinctFolded(names), 0) : null)
          : new DictionaryInfo(extraNames.isEmpty() ? "first-pass" : pass == Pass.SINGLE ? "supplied"
              : "supplied+first-pass", pass == Pass.SINGLE, pass == Pass.FALLBACK, distinctFolded(names),
              misses[0]);

      DictionaryCheck check = pass == Pass.SINGLE ? DictionaryCheck.of(policy, mode, prepared, extraNames) : null;

      deleteStaleSpills(layout.privateDir());
      runPairs = new StorePairs(anonymizer, layout);
      vectors = vectorSchema == null ? null
          : new RunVectors(layout, pass == Pass.SINGLE ? layout.privateSubdir(STAGING) : null);
      Totals totals = new Totals(runPairs, vectors, countedByName);
      List<Path> dataFiles = new ArrayList<>();
      List<String> resumed = new ArrayList<>();
      List<String[]> inputInfo = new ArrayList<>();
      List<String[]> outputInfo = new ArrayList<>();
      Set<String> usedNames = new HashSet<>();
      Path journalDir = layout.privateSubdir("journal");
      Path quarantineDir = layout.privateSubdir("quarantine");
      // a single-pass attempt writes its data files and journal entries under private/ until every
      // record has been verified, then moves them into place (see the class comment)
      Path writeDataDir = dataDir;
      Path writeJournalDir = journalDir;
      List<Path[]> staged = new ArrayList<>();
      if (pass == Pass.SINGLE) {
        Path staging = layout.privateSubdir(STAGING);
        writeDataDir = Files.createDirectories(staging.resolve("data"));
        writeJournalDir = Files.createDirectories(staging.resolve("journal"));
        layout.restrictDirectory(writeDataDir);
        layout.restrictDirectory(writeJournalDir);
      }
      for (int i = 0; i < inputs.size(); i++) {
        Path in = inputs.get(i);
        String[] sum = sums.get(i) != null ? get(sums.get(i)) : null;
        String entry = String.format(Locale.ROOT, "%04d.tsv", i);
        Journal journal = new Journal(journalDir.resolve(entry), fingerprint, layout);
        // the input's own mapping pairs (for its journal entry), bounded like the run's
        inputPairs = new StorePairs(anonymizer, layout);
        Totals t = new Totals(inputPairs, vectors, countedByName);
        Path target;
        Path reported;
        String outSum = null; // the output's SHA-256, computed once for the journal and the manifest
        // vectors cover every record of the run, so with vectors nothing is skipped
        if (resume && vectorSchema == null && sum != null && (target = journal.validOutput(sum, dataDir, t, usedNames)) != null) {
          resumed.add(in.getFileName().toString());
          usedNames.add(target.getFileName().toString());
          reported = target;
        } else {
          Written written = processInput(in, i, sum, journalDir, anonymizer, prepared, allFields, allKinds,
              writeDataDir, quarantineDir, usedNames, pool, t, layout, fingerprint, check, firstPassBytes[i]);
          target = written.path();
          outSum = written.sha256(); // computed while writing: the output is not read again
          if (sum == null) {
            sum = new String[] {Long.toString(Files.size(in)), written.inputSha256()}; // computed while reading
          }
          new Journal(writeJournalDir.resolve(entry), fingerprint, layout).write(sum, target, outSum, t);
          reported = target;
          if (pass == Pass.SINGLE) {
            reported = dataDir.resolve(target.getFileName().toString());
            staged.add(new Path[] {target, reported, writeJournalDir.resolve(entry), journalDir.resolve(entry)});
          }
          Path segs = journalDir.resolve(String.format(Locale.ROOT, "%04d-segments", i));
          deleteContents(segs);
          Files.deleteIfExists(segs);
        }
        inputInfo.add(new String[] {shareName(in, reported.getFileName().toString()), sum[0], sum[1]});
        outputInfo.add(new String[] {layout.root().relativize(reported).toString(),
            Long.toString(Files.size(target)), outSum != null ? outSum : sha256(target)});
        dataFiles.add(reported);
        totals.merge(t);
        addColumnBytes(in, target, totals);
        inputPairs.close();
        inputPairs = null;
        if (gauge != null) {
          gauge.mappingPairs(runPairs.pairsInMemory(), runPairs.spilledRuns());
        }
      }
      // every record verified: the staged outputs are what a two-pass run would have written
      for (Path[] m : staged) {
        Files.move(m[0], m[1], java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(m[2], m[3], java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }

      Map<String, Path> files = new LinkedHashMap<>();
      // by token, showing the expression as share/ may hold it: the report's table is printed, logged, pasted
      FailureStatistics failures = totals.failures.build(failureDefinition).showing(sharedFailureExpression);
      writeFailures(layout, failures, totals, files);
      writeMappings(layout, runPairs, files);
      if (dictionary != null) {
        writeDictionary(layout, names, files);
      }
      writeVectors(layout, vectors, files, pool);
      if (pass == Pass.SINGLE) {
        discardStaging(layout); // emptied by the moves, but for the writers' own leftovers
      }
      if (Files.list(quarantineDir).anyMatch(p -> p.getFileName().toString().endsWith(".quarantine"))) {
        files.put("quarantine", quarantineDir);
      }
      removeStaleData(dataDir, outputInfo, layout);
      writeInputNames(layout, inputs, inputInfo, files);
      return new Outputs(prepared, anonymizer.keyId(), inputInfo, outputInfo, totals, failures, files, dataFiles,
          resumed, dictionary, System.nanoTime());
    } finally {
      pool.shutdownNow();
      try {
        // a failed attempt's workers must be done before its fallback starts
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (runPairs != null) {
        runPairs.close();
      }
      if (inputPairs != null) {
        inputPairs.close();
      }
      if (vectors != null) {
        vectors.close();
      }
    }
  }

  /**
   * A single-pass attempt met a record naming a user missing from the supplied names. Carries no
   * value: the attempt is abandoned and the run falls back to two passes, whose first pass counts
   * such records.
   */
  private static final class DictionaryMiss extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DictionaryMiss() {
      super("a record names a user missing from the supplied dictionary", null, false, false);
    }
  }

  /** How a run's scrub dictionary was made (manifest and report): counts only, never a name. */
  record DictionaryInfo(String source, boolean singlePass, boolean fallback, int names, long recordsMissing) {}

  /** Distinct names as scrub-text reads them (canonical: case-folded, white space as one space, {@link ScrubTextProvider#foldName}). */
  private static int distinctFolded(java.util.Collection<String> names) {
    Set<String> d = new HashSet<>();
    for (String n : names) {
      d.add(ScrubTextProvider.foldName(n));
    }
    return d.size();
  }

  /**
   * The SHA-256 of the sorted, distinct, canonical (case-folded, one space) dictionary names: recorded in every resume
   * checkpoint, so that a resumed run trusts only outputs anonymized with the same dictionary (never
   * written anywhere under {@code share/}).
   */
  private static String dictionaryFingerprint(java.util.Collection<String> names) {
    TreeSet<String> d = new TreeSet<>();
    for (String n : names) {
      d.add(ScrubTextProvider.foldName(n));
    }
    return sha256(String.join("\n", d).getBytes(StandardCharsets.UTF_8));
  }

  static boolean usesScrub(Policy p) {
    if (isScrub(p.defaultRule())) {
      return true;
    }
    for (FieldRule r : p.rules()) {
      if (isScrub(r)) {
        return true;
      }
    }
    // a mode may switch rules to scrub-text; the extension sections decide then
    return !p.extension("scrub").isEmpty();
  }

  private static boolean isScrub(FieldRule r) {
    return r.action() == FieldRule.Action.TRANSFORM && ScrubTextProvider.NAME.equals(r.transformer());
  }

  // ---------------------------------------------------------------- first pass

  /**
   * Collects the dictionary {@code names}, the output {@code fields} and their {@code kinds} (each
   * when non-null); with {@code checkPolicy} (a fallback after a failed single-pass attempt: the policy
   * compiled with the supplied names), also counts into {@code misses[0]} the records that name users
   * missing from the supplied names. Notes into {@code bytesRead} how many (decompressed) bytes it read
   * of each row-format input.
   */
  private void firstPass(List<Path> inputs, ExecutorService pool, Set<String> names, Set<String> fields,
      Map<String, FieldKind> kinds, Policy checkPolicy, long[] misses, long[] bytesRead) throws IOException {
    ScrubDictionary dictionary = ScrubDictionary.of(policy, mode); // the image rules of the run's mode
    DictionaryCheck check = checkPolicy == null ? null : DictionaryCheck.of(policy, mode, checkPolicy, extraNames);
    ThreadLocal<DictionaryCheck.Verifier> verifiers = check == null ? null : ThreadLocal.withInitial(check::newVerifier);
    Map<String, String> spellings = new HashMap<>(); // each field's first spelling, by folded name
    for (int index = 0; index < inputs.size(); index++) {
      Path in = inputs.get(index);
      try (RecordInput input = open(in)) {
        // without the field list to collect, the pass reads only the dictionary fields
        ThreadLocal<ChunkParser> parsers = ThreadLocal.withInitial(fields != null ? input::newParser
            : () -> input.newParser(dictionary::feeds));
        ArrayDeque<Future<Object[]>> inFlight = new ArrayDeque<>();
        for (Chunk c; (c = next(in, input)) != null; ) {
          Chunk chunk = c;
          inFlight.add(pool.submit(() -> {
            Set<String> n = new HashSet<>();
            Set<String> f = new LinkedHashSet<>();
            Map<String, FieldKind> k = kinds == null ? null : new LinkedHashMap<>();
            java.util.function.Consumer<FieldRecord> collect = names == null ? null : dictionary.collector(n);
            DictionaryCheck.Verifier verifier = verifiers == null ? null : verifiers.get();
            long[] missed = new long[1];
            parsers.get().parse(chunk, new RecordHandler() {
              @Override
              public void record(FieldRecord r) {
                if (verifier != null && !verifier.covers(r)) {
                  missed[0]++;
                }
                if (collect != null) {
                  collect.accept(r);
                }
                if (fields != null || k != null) {
                  for (int i = 0; i < r.size(); i++) {
                    if (fields != null) {
                      f.add(r.name(i));
                    }
                    if (k != null) {
                      k.merge(r.name(i), FieldKind.ofColumnValue(r.kind(i), r.text(i)), FieldKind::union);
                    }
                  }
                }
              }

              @Override
              public void malformed(MalformedRecord record) {
                // counted in the anonymizing pass
              }
            });
            return new Object[] {n, f, k, missed[0]};
          }));
          while (inFlight.size() >= 2 * threads + 2) {
            mergeFirst(get(inFlight.poll()), names, fields, kinds, misses, spellings);
          }
        }
        while (!inFlight.isEmpty()) {
          mergeFirst(get(inFlight.poll()), names, fields, kinds, misses, spellings);
        }
        if (!input.format().external()) {
          bytesRead[index] = input.bytesRead(); // the records' bytes, whatever the parser decoded of them
        }
      } catch (InvalidInputException e) {
        throw inInput(in, e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void mergeFirst(Object[] r, Set<String> names, Set<String> fields, Map<String, FieldKind> kinds,
      long[] misses, Map<String, String> spellings) {
    misses[0] += (Long) r[3];
    if (names != null) {
      names.addAll((Set<String>) r[0]);
    }
    // field names are case-insensitive: a name spelled in another case than its first appearance
    // (OWNER after Owner, as mixed HTCondor versions write them) is the same column, not one more
    if (fields != null) {
      for (String f : (Set<String>) r[1]) { // chunks merge in input order: first-appearance order is stable
        fields.add(firstSpelling(spellings, f));
      }
    }
    if (kinds != null) { // the same spellings as the field list (kinds come with fields)
      ((Map<String, FieldKind>) r[2]).forEach((n, k) -> kinds.merge(firstSpelling(spellings, n), k,
          FieldKind::union));
    }
  }

  /**
   * {@code name} as it was first spelled ({@code spellings}: folded name to first spelling, one entry
   * per field, kept by the first pass); names fold as the duplicate check and the CSV and Parquet
   * writers fold them ({@code toLowerCase(Locale.ROOT)}), so that a writer finds every spelling's column.
   */
  private static String firstSpelling(Map<String, String> spellings, String name) {
    return spellings.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> name);
  }

  /** Directories among the inputs replaced by their part files ({@code *.parquet}, sorted by name). */
  static List<Path> expandDirectories(List<Path> inputs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (!Files.isDirectory(p)) {
        out.add(p);
        continue;
      }
      try { // the rule a format's reader applies too; here an input given wrongly: a usage error
        out.addAll(org.anonkit.pipeline.io.spi.PartFiles.of(p));
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException("input " + e.getMessage(), e);
      }
    }
    return out;
  }

  private boolean allExternal(List<Path> inputs) {
    if (inputFormat != null) {
      return inputFormat.external();
    }
    for (Path p : inputs) {
      if (!RecordFormat.fromFileName(p.getFileName().toString()).map(RecordFormat::external).orElse(false)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The columns of a columnar output: the input's own columns (with their native types) when it is
   * columnar, else the fields the first pass found with their kinds (strings where the policy
   * transforms); less those the policy drops,
   * plus the {@value #IP_INTEGER_SUFFIX} twins of IP fields (64-bit integers).
   */
  private List<org.anonkit.pipeline.io.spi.Column> outputSchema(RecordInput input, Map<String, FieldKind> kinds,
      Anonymizer anonymizer) {
    List<org.anonkit.pipeline.io.spi.Column> src = new ArrayList<>();
    if (input.format().external()) {
      src.addAll(input.schema());
    } else {
      // row formats declare no types: a column the policy transforms is a string (a scrubbed number may
      // come out as a token); kept columns keep the kind their values were read with
      kinds.forEach((n, k) -> src.add(new org.anonkit.pipeline.io.spi.Column(n,
          k == FieldKind.UNDEFINED || k == FieldKind.RAW || k == FieldKind.JSON
              || anonymizer.plan(n).action() == FieldRule.Action.TRANSFORM ? FieldKind.STRING : k, null)));
    }
    List<org.anonkit.pipeline.io.spi.Column> cols = new ArrayList<>();
    for (org.anonkit.pipeline.io.spi.Column c : src) {
      if (anonymizer.plan(c.name()).action() != FieldRule.Action.DROP
          && !RecordAnonymizer.isTwinName(c.name(), ipIntegerFields)) {
        cols.add(c);
      }
    }
    for (String f : ipIntegerFields) {
      for (org.anonkit.pipeline.io.spi.Column c : src) {
        if (c.name().equalsIgnoreCase(f)) {
          cols.add(new org.anonkit.pipeline.io.spi.Column(c.name() + IP_INTEGER_SUFFIX, FieldKind.INTEGER,
              org.anonkit.pipeline.io.spi.Column.UINT32));
        }
      }
    }
    return cols;
  }

  /**
   * For a columnar output (Parquet): the stored bytes per column of the output and, when the input is
   * columnar too, of the input, read from the files' metadata (so a resumed run that skipped the input
   * reports the same figures).
   */
  private void addColumnBytes(Path in, Path target, Totals totals) throws IOException {
    if (!RecordFormat.fromFileName(target.getFileName().toString()).map(RecordFormat::external).orElse(false)) {
      return;
    }
    Map<String, Long> clear = Map.of();
    boolean columnarInput = inputFormat != null ? inputFormat.external()
        : RecordFormat.fromFileName(in.getFileName().toString()).map(RecordFormat::external).orElse(false);
    if (columnarInput) {
      try (RecordInput i = open(in)) {
        clear = i.columnBytes();
      }
    }
    try (RecordInput o = RecordInput.builder(target).open()) {
      totals.addColumnBytes(clear, o.columnBytes());
    }
  }

  private RecordInput open(Path in) throws IOException {
    return open(in, false);
  }

  /**
   * The chunk size for input {@code in}: the one set, else {@value #COLUMNAR_OUTPUT_CHUNK_BYTES} bytes
   * for a row-format input written as Parquet (its chunks are the output's row groups), else the default.
   */
  private int chunkBytesFor(Path in) {
    return !chunkBytesSet && outputFormat != null && outputFormat.external() && !readsByColumns(in)
        ? COLUMNAR_OUTPUT_CHUNK_BYTES : chunkBytes;
  }

  /** Opens {@code in}; with {@code sha256}, its file checksum is computed as it is read. */
  private RecordInput open(Path in, boolean sha256) throws IOException {
    RecordInput.Builder b = RecordInput.builder(in).chunkBytes(chunkBytesFor(in)).sha256(sha256);
    if (inputFormat != null) {
      b.format(inputFormat);
    }
    try {
      return b.open();
    } catch (IOException e) {
      throw readError(in, null, e);
    }
  }

  /** The next chunk of {@code input}; a read error names the input's file. */
  private static Chunk next(Path in, RecordInput input) throws IOException {
    try {
      return input.next();
    } catch (IOException e) {
      throw readError(in, input, e);
    }
  }

  /**
   * A read error of input {@code in} (a truncated or corrupt file): names the file (its name only, as
   * given: the clear name, not the anonymized one the manifest lists) and how far reading got; the cause's message comes from the decompressor or the
   * file system, never from a record.
   */
  static IOException readError(Path in, RecordInput input, IOException e) {
    String where = input == null ? "" : String.format(Locale.ROOT, " after %,d record(s), %,d bytes (decompressed)",
        input.rowsSplit(), input.bytesRead());
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (Files.exists(in) && !Files.isRegularFile(in)) { // "Illegal seek" alone did not say why
      why += " (the input is not a regular file: a pipe or a device cannot be read again, and a run reads its "
          + "inputs more than once; write it to a file first)";
    }
    return new IOException("cannot read input " + in.getFileName() + where + ": " + why, e);
  }

  /**
   * A value or record rejected while anonymizing input {@code in}: the same exception naming the
   * input's file (its name only) besides the field and row.
   */
  static InvalidInputException inInput(Path in, InvalidInputException e) {
    if (e instanceof InputFailure) {
      return e;
    }
    InputFailure f = new InputFailure(in.getFileName().toString(), e);
    f.setStackTrace(e.getStackTrace());
    return f;
  }

  /** An {@link InvalidInputException} whose message starts with the input's file name. */
  static final class InputFailure extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final String input;

    InputFailure(String input, InvalidInputException e) {
      super(e.reason(), e.field(), e.row(), e.getCause());
      this.input = input;
    }

    /** The input's file name. */
    String input() {
      return input;
    }

    @Override
    public String getMessage() {
      return "input " + input + ", " + super.getMessage();
    }
  }

  // ---------------------------------------------------------------- anonymizing pass

  /** A committed output file, the SHA-256 of its bytes, and that of the input's when read for it (else null). */
  private record Written(Path path, String sha256, String inputSha256) {}

  /**
   * Refuses a columnar input whose time column feeds a {@code timestamp} vector encoder reading another
   * unit. Parquet stores a {@code TIMESTAMP} in milli-, micro- or nanoseconds (pyarrow writes its
   * {@code timestamp[s]} as milliseconds, Spark microseconds) and a {@code DATE} in days, while the
   * encoder reads its {@code input-unit} (seconds by default, as HTCondor writes times): the matrices
   * would hold times 1,000 to 10^9 times too large, without a word. Names no value.
   */
  private void checkTimeUnits(Path in, List<org.anonkit.pipeline.io.spi.Column> columns) {
    for (org.anonkit.pipeline.io.spi.Column c : columns) {
      String stored = storedTimeUnit(c.nativeType());
      if (stored == null) {
        continue;
      }
      for (org.anonkit.vectors.VectorSchema.Field f : vectorSchema.fields()) {
        if (!f.encoder().equals("timestamp") || !f.name().equalsIgnoreCase(c.name())) {
          continue;
        }
        String read = f.parameters().getChoice("input-unit", "s", "s", "ms", "us", "ns");
        if (stored.equals(read)) {
          continue;
        }
        String where = "input " + in.getFileName() + ": column '" + c.name() + "' ";
        throw new org.anonkit.PolicyException(f.parameters().pathOf("input-unit"), stored.equals("d") || stored.equals("time")
            ? where + "is a Parquet " + (stored.equals("d") ? "DATE (days)" : "TIME (time of day)")
                + ", which the 'timestamp' encoder does not read: cast it to a timestamp or to integer epoch seconds"
            : where + "stores " + UNIT_NAMES.get(stored) + " (Parquet TIMESTAMP), while its 'timestamp' encoder reads "
                + UNIT_NAMES.get(read) + ": set \"input-unit\": \"" + stored + "\"");
      }
    }
  }

  private static final Map<String, String> UNIT_NAMES = Map.of("s", "seconds", "ms", "milliseconds",
      "us", "microseconds", "ns", "nanoseconds");

  /**
   * The unit a columnar format's time column stores ({@code ms}, {@code us}, {@code ns}; {@code d} for a
   * date, {@code time} for a time of day), from its {@link org.anonkit.pipeline.io.spi.Column#nativeType()}
   * (Parquet's {@code optional int64 QDate (TIMESTAMP(MILLIS,true))}); null for any other column.
   */
  static String storedTimeUnit(String nativeType) {
    if (nativeType == null) {
      return null;
    }
    return nativeType.contains("(TIMESTAMP(MILLIS") ? "ms"
        : nativeType.contains("(TIMESTAMP(MICROS") ? "us"
        : nativeType.contains("(TIMESTAMP(NANOS") ? "ns"
        : nativeType.endsWith("(DATE)") ? "d"
        : nativeType.contains("(TIME(") ? "time"
        : null;
  }

  /** Whether {@code in} is read by column chunks (Parquet), not as a stream. */
  private boolean readsByColumns(Path in) {
    RecordFormat f = inputFormat != null ? inputFormat
        : RecordFormat.fromFileName(in.getFileName().toString()).orElse(null);
    return f != null && f.external();
  }

  private Written processInput(Path in, int index, String[] inputSum, Path journalDir, Anonymizer anonymizer,
      Policy prepared, Set<String> allFields, Map<String, FieldKind> allKinds, Path dataDir, Path quarantineDir, Set<String> usedNames,
      ExecutorService pool, Totals totals, OutputLayout layout, String fingerprint, DictionaryCheck check,
      long firstPassBytes) throws IOException {
    try (RecordInput input = open(in, inputSum == null)) {
      RecordFormat outFormat = outputFormat != null ? outputFormat : input.format();
      Compression comp = outFormat.external() ? Compression.NONE
          : outputCompression != null ? outputCompression : input.compression();
      String base = shareBase(in, index, anonymizer);
      String name = base + ".anon" + extension(outFormat) + comp.suffix();
      // two inputs whose names come out alike are kept apart by the later one's position (and, should
      // that name be taken as well, a counter)
      String candidate = name;
      for (int k = 1; !usedNames.add(candidate); k++) {
        candidate = k == 1 ? String.format(Locale.ROOT, "%04d-%s", index, name)
            : String.format(Locale.ROOT, "%04d-%d-%s", index, k, name);
      }
      name = candidate;
      Path target = dataDir.resolve(name);
      String outputName = layout.root().relativize(target).toString(); // share/data/<name>, or staged under private/
      RecordOutput.Builder ob = RecordOutput.builder(target).format(outFormat).compression(comp);
      if (outFormat == RecordFormat.CSV) {
        List<String> inCols = input.format() == RecordFormat.CSV ? input.columns() : new ArrayList<>(allFields);
        List<String> outCols = outputColumns(inCols, anonymizer);
        if (outCols.isEmpty() && !inCols.isEmpty()) {
          throw new InvalidInputException("the policy drops every field of the input: a CSV output would have no columns");
        }
        ob.columns(outCols);
      } else if (outFormat.external()) {
        List<org.anonkit.pipeline.io.spi.Column> schema = outputSchema(input, allKinds, anonymizer);
        if (schema.isEmpty()) {
          // a columnar file needs a column: say why there is none (the output builder's own check is a
          // programming error, reported as an internal one)
          boolean fields = input.format().external() ? !input.schema().isEmpty() : !allKinds.isEmpty();
          throw new InvalidInputException(fields
              ? "the policy drops every field of the input: a " + outFormat.cliName() + " output would have no columns"
              : "the input has no fields (no records, or records without fields): a " + outFormat.cliName()
                  + " output needs at least one column; write it in a row format (--output-format jsonl) or leave it out");
        }
        ob.schema(schema);
      }
      long fileSize = comp == Compression.NONE && input.compression() == Compression.NONE ? Files.size(in) : -1;
      Quarantine quarantine = new Quarantine(quarantineDir, baseName(in.getFileName().toString()), layout); // private: clear name
      // a single-pass attempt (check != null) writes no checkpoints before every record is verified
      Segments segments = resume && vectorSchema == null && check == null
          ? new Segments(journalDir.resolve(String.format(Locale.ROOT, "%04d-segments", index)), chunkBytesFor(in), inputSum, name,
              fingerprint, layout)
          : null;
      byte[] outputSha;
      try (RecordOutput output = ob.create()) {
        long replayedThrough = segments == null ? -1 : segments.replay(output, quarantine, totals);
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(
            () -> new Worker(RecordAnonymizer.create(anonymizer, prepared), prepared.redactionMarker(),
                input.newParser(), output.newSerializer(), check == null ? null : check.newVerifier()));
        ArrayDeque<Future<ChunkResult>> inFlight = new ArrayDeque<>();
        // bounded by count and, for inputs whose chunks are as large as their writer made them (a
        // Parquet row group of 128 MB), by bytes: at least one chunk, never more than the cap beyond it
        ArrayDeque<Integer> inFlightSizes = new ArrayDeque<>();
        long inFlightBytes = 0;
        // from the chunk size set (or 1 MiB), not the larger one of a row-format input written as Parquet:
        // its 16 MiB chunks are bounded by bytes, as a Parquet input's row groups are
        long maxInFlightBytes = this.maxInFlightBytes > 0 ? this.maxInFlightBytes
            : Math.max(MAX_IN_FLIGHT_BYTES, (2L * threads + 2) * chunkBytes);
        Progress prog = progress == null ? null : new Progress(progress, in.getFileName().toString(), fileSize);
        for (Chunk c; (c = next(in, input)) != null; ) {
          if (c.index() <= replayedThrough) {
            continue; // committed by the interrupted run
          }
          Chunk chunk = c;
          inFlight.add(pool.submit(() -> workers.get().process(chunk)));
          inFlightSizes.add(chunk.byteLength());
          inFlightBytes += chunk.byteLength();
          if (gauge != null) {
            gauge.chunksInFlight(inFlight.size());
          }
          while (inFlight.size() >= 2 * threads + 2 || inFlight.size() > 1 && inFlightBytes > maxInFlightBytes) {
            collect(get(inFlight.poll()), output, outputName, quarantine, totals, segments);
            inFlightBytes -= inFlightSizes.poll();
          }
          if (prog != null) {
            prog.update(input.bytesRead(), totals.rowsIn);
          }
        }
        while (!inFlight.isEmpty()) {
          collect(get(inFlight.poll()), output, outputName, quarantine, totals, segments);
        }
        if (firstPassBytes >= 0 && input.bytesRead() != firstPassBytes) {
          // records the dictionary pass did not see were anonymized without their names in the
          // dictionary (a new user's full name in free text would go out in clear): commit nothing
          throw new IOException(String.format(Locale.ROOT, "input %s changed during the run: the dictionary "
              + "pass read %,d bytes (decompressed), the anonymizing pass %,d; nothing of it was written. "
              + "Anonymize a copy that nothing writes to (a live history file: copy or rotate it first)",
              in.getFileName(), firstPassBytes, input.bytesRead()));
        }
        totals.bytesIn += input.bytesRead();
        if (segments != null) {
          segments.flush();
        }
        try {
          output.commit();
        } catch (IOException e) {
          throw writeError(outputName, e);
        }
        outputSha = output.sha256();
        quarantine.commit();
        if (prog != null) {
          prog.done(input.bytesRead(), totals.rowsIn);
        }
      } finally {
        quarantine.close();
      }
      String inSha = null;
      if (inputSum == null) {
        try {
          inSha = hex(input.sha256()); // reads what the records did not need (a compressed stream's trailer)
        } catch (IOException e) {
          throw readError(in, input, e);
        }
      }
      return new Written(target, hex(outputSha), inSha);
    } catch (InvalidInputException e) {
      throw inInput(in, e);
    }
  }

  private List<String> outputColumns(List<String> inputColumns, Anonymizer anonymizer) {
    List<String> cols = new ArrayList<>();
    for (String c : inputColumns) {
      if (anonymizer.plan(c).action() != FieldRule.Action.DROP
          && !RecordAnonymizer.isTwinName(c, ipIntegerFields)) {
        cols.add(c);
      }
    }
    for (String f : ipIntegerFields) {
      for (String c : inputColumns) {
        if (c.equalsIgnoreCase(f)) {
          cols.add(c + IP_INTEGER_SUFFIX);
        }
      }
    }
    return cols;
  }

  /**
   * Takes one chunk's results, in input order: its bytes to the output, its vector rows to the run's
   * matrix files (then the batches are dropped: memory holds only the chunks in flight), its mapping
   * pairs to the bounded stores, its counts to the totals.
   */
  private void collect(ChunkResult r, RecordOutput output, String outputName, Quarantine quarantine, Totals totals,
      Segments segments) throws IOException {
    try {
      output.append(r.serialized);
    } catch (IOException e) {
      throw writeError(outputName, e);
    }
    try {
      for (MalformedRecord m : r.malformed) {
        quarantine.add(m);
      }
    } catch (IOException e) {
      throw writeError("the quarantine (private/quarantine)", e);
    }
    if (r.clearVectors != null) {
      if (r.clearVectors.rows() > 0) {
        try {
          totals.vectors.append(r.clearVectors, r.anonVectors);
        } catch (java.io.UncheckedIOException e) {
          throw writeError("the vectors (share/vectors, share/ragged and their clear twins under private/)", e.getCause());
        }
      }
      r.clearVectors = null;
      r.anonVectors = null;
      if (gauge != null) {
        gauge.vectorChunkReleased();
      }
    }
    try {
      totals.add(r);
    } catch (java.io.UncheckedIOException e) { // a mapping store spilling its pairs
      throw writeError("the mapping's spill files (private/)", e.getCause());
    }
    if (segments != null) {
      try {
        segments.add(r);
      } catch (IOException e) {
        throw writeError("the resume journal (private/journal)", e);
      }
    }
    if (gauge != null) {
      gauge.mappingPairs(totals.pairs.pairsInMemory(), totals.pairs.spilledRuns());
    }
  }

  /**
   * A failure to write {@code what} (disk full, an I/O error): names it, where the file system's message
   * alone ("No space left on device") did not say which output failed.
   */
  static IOException writeError(String what, IOException e) {
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new IOException("cannot write " + what + ": " + why, e);
  }

  /**
   * Deletes from {@code share/data/} the anonymized data files ({@code *.anon.*}) that this run did not
   * write or reuse: an earlier run's into the same folder (another input, another output format) would
   * otherwise sit beside this run's outputs, unlisted in its manifest, and be shared with them. Only
   * regular files of that naming pattern, directly in {@code share/data/}, are touched.
   */
  private static void removeStaleData(Path dataDir, List<String[]> outputInfo, OutputLayout layout) throws IOException {
    Set<Path> current = new HashSet<>();
    for (String[] o : outputInfo) {
      current.add(layout.root().resolve(o[0]).normalize());
    }
    List<Path> stale = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(dataDir)) {
      files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && f.getFileName().toString().contains(".anon.") && !f.getFileName().toString().startsWith(".")
          && !current.contains(f.normalize())).forEach(stale::add);
    }
    for (Path f : stale) {
      Files.delete(f);
    }
    if (!stale.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "removed " + stale.size() + " data file(s) of an earlier run from " + dataDir);
    }
  }

  /**
   * {@code private/inputs.tsv}: each input's name in {@code share/} (the manifest, its output file) beside
   * its clear file name, for the owner (see {@link #shareBase}).
   */
  private void writeInputNames(OutputLayout layout, List<Path> inputs, List<String[]> inputInfo, Map<String, Path> files)
      throws IOException {
    Path target = layout.privateDir().resolve("inputs.tsv");
    layout.writeAtomically(target, out -> writeText(out, w -> {
      w.write("share_name\tfile\n");
      for (int i = 0; i < inputs.size(); i++) {
        w.write(esc(inputInfo.get(i)[0]) + "\t" + esc(inputs.get(i).toString()) + "\n");
      }
    }));
    files.put("inputs", target);
  }

  /**
   * The base name (no format or compression extension) input {@code in} goes by under {@code share/}:
   * its output file's name and its name in the manifest. A file name can hold what the records hold (a
   * dump named after its user, a schedd's host name), so it is anonymized like a field the policy does
   * not name: through the policy's default rule (the shipped policy's {@code scrub-text}, with the run's
   * dictionary, so {@code history-jdoe} becomes {@code history-<jdoe's token>}), then every character
   * outside {@code [A-Za-z0-9._-]} becomes {@code '_'}. When the default rule drops, or rejects the
   * name, the input is called {@code input-NNNN} (its position in the run, from 0001).
   */
  static String shareBase(Path in, int index, Anonymizer anonymizer) {
    String base = shareStem(in.getFileName().toString());
    FieldPlan plan = anonymizer.plan(FILE_NAME_FIELD);
    String out = null;
    if (plan.action() == FieldRule.Action.TRANSFORM) {
      try {
        out = plan.transformer().apply(base);
      } catch (InvalidInputException e) {
        out = null; // numbered below
      }
    }
    if (out == null || out.isEmpty()) {
      return String.format(Locale.ROOT, "input-%04d", index + 1);
    }
    StringBuilder sb = new StringBuilder(Math.min(out.length(), MAX_SHARE_NAME));
    for (int i = 0; i < out.length() && sb.length() < MAX_SHARE_NAME; i++) {
      char c = out.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || (c == '.' && i > 0);
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /**
   * The input's file name as {@code share/} shows it: the name its output was written under, before
   * {@code .anon.}, (its {@link #shareBase}, with the position prefix that kept two outputs apart, if
   * any), followed by the input's own extensions.
   */
  static String shareName(Path in, String outputFileName) {
    String file = in.getFileName().toString();
    int anon = outputFileName.lastIndexOf(".anon.");
    String base = anon > 0 ? outputFileName.substring(0, anon) : outputFileName;
    return base + file.substring(shareStem(file).length());
  }

  /** The input format extensions {@link #shareStem} removes (after a compression suffix). */
  private static final List<String> FORMAT_EXTENSIONS =
      List.of(".jsonl", ".ndjson", ".csv", ".json", ".history", ".ad", ".long", ".txt", ".parquet");

  /**
   * A file name without its compression suffix and format extension, when it has ones anonkit knows:
   * the part anonymized for {@code share/}. Anything else stays in it ({@code history.jdoe}, a host name
   * such as {@code schedd01.example.org}), so nothing after a dot reaches {@code share/} unanonymized.
   */
  static String shareStem(String file) {
    String n = file;
    for (String suffix : new String[] {".gz", ".zst"}) {
      if (n.toLowerCase(Locale.ROOT).endsWith(suffix) && n.length() > suffix.length()) {
        n = n.substring(0, n.length() - suffix.length());
        break;
      }
    }
    for (String ext : FORMAT_EXTENSIONS) {
      if (n.toLowerCase(Locale.ROOT).endsWith(ext) && n.length() > ext.length()) {
        return n.substring(0, n.length() - ext.length());
      }
    }
    return n;
  }

  /** The field name whose plan anonymizes input file names: one no policy is expected to name, so the default rule's. */
  static final String FILE_NAME_FIELD = "(input file name)";
  private static final int MAX_SHARE_NAME = 200;

  static String baseName(String file) {
    String n = file;
    for (String suffix : new String[] {".gz", ".zst"}) {
      if (n.toLowerCase(Locale.ROOT).endsWith(suffix)) {
        n = n.substring(0, n.length() - suffix.length());
      }
    }
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  static String extension(RecordFormat f) {
    switch (f) {
      case JSONL:
        return ".jsonl";
      case CSV:
        return ".csv";
      case CONDOR:
        return ".history";
      case PARQUET:
        return ".parquet";
      default:
        return ".json";
    }
  }

  /** One worker thread's parser, serializer, plans and memo caches. Not thread-safe. */
  private final class Worker implements RecordHandler {
    private final RecordAnonymizer anonymizer;
    private final String marker;
    private final ChunkParser parser;
    private final ChunkSerializer serializer;
    private ChunkResult result;
    private org.anonkit.vectors.Vectorizer clearVectorizer;
    private org.anonkit.vectors.Vectorizer anonVectorizer;
    private final RecordViewOf view = new RecordViewOf();
    // the fields of the current record whose values the vectors leave missing (usually none): values the
    // schema cannot encode in the clear record, then also in the anonymized one (see record())
    private final List<String> hidden = new ArrayList<>(2);
    private final DictionaryCheck.Verifier verifier;

    Worker(RecordAnonymizer anonymizer, String marker, ChunkParser parser, ChunkSerializer serializer,
        DictionaryCheck.Verifier verifier) {
      this.verifier = verifier;
      this.marker = marker;
      this.anonymizer = anonymizer;
      this.parser = parser;
      this.serializer = serializer;
    }

    ChunkResult process(Chunk chunk) {
      result = new ChunkResult(mappingFields.size(), countedByName);
      if (vectorSchema != null) {
        clearVectorizer = org.anonkit.vectors.Vectorizer.create(vectorSchema);
        anonVectorizer = org.anonkit.vectors.Vectorizer.create(vectorSchema);
      }
      parser.parse(chunk, this);
      result.serialized = serializer.finish(chunk.index());
      if (vectorSchema != null) {
        result.clearVectors = clearVectorizer.finish();
        result.anonVectors = anonVectorizer.finish();
        if (gauge != null) {
          gauge.vectorChunkCreated();
        }
      }
      ChunkResult r = result;
      result = null;
      anonymizer.drainCounts(r.counts);
      return r;
    }

    @Override
    public void record(FieldRecord r) {
      if (verifier != null && !verifier.covers(r)) {
        throw new DictionaryMiss(); // on the clear record, before anything is anonymized
      }
      ChunkResult res = result;
      res.rowsIn++;
      boolean failed = failureDefinition.failed(r::textOf);
      String[] clears = null;
      if (!mappingFields.isEmpty()) {
        clears = new String[mappingFields.size()];
        for (int k = 0; k < clears.length; k++) {
          // spelled as the token is computed from it: JDoe and jdoe, one token, are one pair (jdoe)
          clears[k] = anonymizer.spelling(mappingFields.get(k), r.textOf(mappingFields.get(k)));
        }
      }
      view.record = r;
      boolean vectorize = clearVectorizer != null;
      if (vectorize) {
        // reads the clear values now; keeps nothing. A value the schema cannot encode (a ClassAd
        // expression in a numeric field, an IPv6 address in an ipv4 column) is missing in both matrices
        // (hidden from the view here and, below, for the anonymized one) and counted, so that row i of
        // the vectors stays record i of share/data; only a row the schema rejects as a whole (no field
        // named) is left out, and counted so
        try {
          res.vectorValuesUnencodable += clearVectorizer.accept(view, hidden, field -> true);
        } catch (InvalidInputException e) {
          hidden.clear();
          vectorize = false;
          res.vectorRowsSkipped++;
        }
      }
      // an empty or blank user ("", " ") is no user, as a missing one is: it is counted under "(none)",
      // not as a user of its own with the token of "" (review 42, item 7)
      boolean noUser = isBlank(r.textOf(userField));
      anonymizer.anonymize(r); // fields, then the IP integer twins
      res.failures.add(noUser ? null : r.textOf(userField), failed);
      if (clears != null) {
        for (int k = 0; k < clears.length; k++) {
          if (clears[k] != null) {
            String t = r.textOf(mappingFields.get(k));
            // a redacted value has no token: every rejected value shares the marker, which is not a pair;
            // nor is an empty or blank clear value, which names no one
            if (t != null && !t.equals(marker) && !isBlank(clears[k])) {
              res.mappings.get(k).putIfAbsent(clears[k], t);
            }
          }
        }
      }
      if (vectorize) {
        // a redacted value the schema cannot encode (the policy's marker for a value its rule rejected,
        // or scrub-text's "[ip]" inside a sinful string whose address Crypto-PAn refused) is missing in
        // the anonymized matrix, so both matrices keep the row, and so is a kept field's value that
        // keepCheck sent to the default rule (a clear "NaN" a number column read, scrubbed into a token);
        // any other value it rejects (a token in a numeric column) is a schema error
        try {
          anonVectorizer.accept(view, hidden, field -> isRedacted(r.textOf(field))
              || anonymizer.plan(field).action() == FieldRule.Action.KEEP);
        } catch (InvalidInputException e) {
          throw new InvalidInputException("the vector schema accepts this row's clear values but not its "
              + "anonymized ones (" + e.reason() + "); the clear and anonymized matrices would no longer align; "
              + "change the vectors section", e.field(), r.row());
        } finally {
          hidden.clear();
        }
      }
      serializer.write(r);
      res.rowsOut++;
    }

    /** Whether an anonymized value holds a redaction: the policy's marker, or a scrub-text marker in it. */
    private boolean isRedacted(String v) {
      return v != null && (v.contains(marker) || MARKER.matcher(v).find());
    }

    @Override
    public void malformed(MalformedRecord m) {
      if (failOnMalformed) {
        throw new InvalidInputException("malformed record" + (m.line() > 0 ? " at line " + m.line() : "") + " ("
            + m.reason() + "); use quarantine instead of fail to skip such records", null, m.row());
      }
      result.rowsIn++;
      result.quarantined++;
      result.malformed.add(m);
    }
  }

  /** A marker in a value: the policy's redaction marker, or a scrub-text span marker such as {@code [ip]}. */
  private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile("\\[[a-z]+\\]");

  /** A {@link org.anonkit.vectors.RecordView} over the record being processed. Not thread-safe. */
  private static final class RecordViewOf implements org.anonkit.vectors.RecordView {
    FieldRecord record;

    @Override
    public int size() {
      return record.size();
    }

    @Override
    public CharSequence name(int i) {
      return record.name(i);
    }

    @Override
    public CharSequence value(int i) {
      return record.kind(i) == FieldKind.UNDEFINED ? null : record.text(i);
    }
  }

  /** A processed chunk. */
  private static final class ChunkResult {
    SerializedChunk serialized;
    final FieldCounts counts;
    final FailureStatistics.Accumulator failures = new FailureStatistics.Accumulator();
    final List<Map<String, String>> mappings = new ArrayList<>();
    final List<MalformedRecord> malformed = new ArrayList<>();
    org.anonkit.vectors.VectorBatch clearVectors;
    org.anonkit.vectors.VectorBatch anonVectors;
    long vectorRowsSkipped;
    long vectorValuesUnencodable;
    long rowsIn;
    long rowsOut;
    long quarantined;

    ChunkResult(int mappingFields, java.util.function.UnaryOperator<String> countedByName) {
      this.counts = FieldCounts.spelledAs(countedByName);
      for (int i = 0; i < mappingFields; i++) {
        mappings.add(new HashMap<>());
      }
    }
  }

  /**
   * Totals of a checkpoint segment, an input or the run; merged in input order on the calling
   * thread. Counts and failure counts are small (per field, per user); mapping pairs go to
   * {@link Pairs} (bounded stores for inputs and the run); vector rows are not kept here at all but
   * appended to the run's files as chunks are collected ({@link RunVectors}).
   */
  static final class Totals {
    final FieldCounts counts;
    final FailureStatistics.Accumulator failures = new FailureStatistics.Accumulator();
    final Pairs pairs;
    final RunVectors vectors;
    long vectorRowsSkipped;
    long vectorValuesUnencodable;
    long rowsIn;
    long rowsOut;
    long quarantined;
    long bytesIn;
    /** Columnar formats: stored bytes per column, {clear (input), anonymized (output)}. */
    final Map<String, long[]> columnBytes = new LinkedHashMap<>();

    /** Totals with the mapping pairs in memory (a checkpoint segment: at most 16 chunks' pairs). */
    Totals(int mappingFields, java.util.function.UnaryOperator<String> countedByName) {
      this(new MemoryPairs(mappingFields), null, countedByName);
    }

    Totals(Pairs pairs, RunVectors vectors, java.util.function.UnaryOperator<String> countedByName) {
      this.pairs = pairs;
      this.vectors = vectors;
      this.counts = FieldCounts.spelledAs(countedByName);
    }

    private void add(ChunkResult r) {
      vectorRowsSkipped += r.vectorRowsSkipped;
      vectorValuesUnencodable += r.vectorValuesUnencodable;
      counts.merge(r.counts);
      failures.merge(r.failures);
      for (int k = 0; k < r.mappings.size(); k++) {
        int field = k;
        r.mappings.get(k).forEach((clear, token) -> pairs.put(field, clear, token));
      }
      rowsIn += r.rowsIn;
      rowsOut += r.rowsOut;
      quarantined += r.quarantined;
    }

    void merge(Totals t) {
      vectorRowsSkipped += t.vectorRowsSkipped;
      vectorValuesUnencodable += t.vectorValuesUnencodable;
      counts.merge(t.counts);
      failures.merge(t.failures);
      for (int k = 0; k < t.pairs.fields(); k++) {
        int field = k;
        t.pairs.forEach(k, (clear, token) -> pairs.put(field, clear, token));
      }
      rowsIn += t.rowsIn;
      rowsOut += t.rowsOut;
      quarantined += t.quarantined;
      bytesIn += t.bytesIn;
    }

    void addColumnBytes(Map<String, Long> clear, Map<String, Long> anon) {
      clear.forEach((c, v) -> columnBytes.computeIfAbsent(c, x -> new long[2])[0] += v);
      anon.forEach((c, v) -> columnBytes.computeIfAbsent(c, x -> new long[2])[1] += v);
    }
  }

  /** Clear → token pairs of the mapping fields (index k = {@code mappingFields.get(k)}). */
  interface Pairs {
    int fields();

    void put(int field, String clear, String token);

    /** Every pair of {@code field}, as (clear, token). */
    void forEach(int field, java.util.function.BiConsumer<String, String> clearAndToken);

    long pairsInMemory();

    long spilledRuns();
  }

  /** Pairs in sorted maps: for a checkpoint segment (16 chunks). Not thread-safe. */
  static final class MemoryPairs implements Pairs {
    private final List<TreeMap<String, String>> maps = new ArrayList<>();

    MemoryPairs(int fields) {
      for (int i = 0; i < fields; i++) {
        maps.add(new TreeMap<>());
      }
    }

    @Override
    public int fields() {
      return maps.size();
    }

    @Override
    public void put(int field, String clear, String token) {
      maps.get(field).put(clear, token);
    }

    @Override
    public void forEach(int field, java.util.function.BiConsumer<String, String> clearAndToken) {
      maps.get(field).forEach(clearAndToken);
    }

    @Override
    public long pairsInMemory() {
      long n = 0;
      for (TreeMap<String, String> m : maps) {
        n += m.size();
      }
      return n;
    }

    @Override
    public long spilledRuns() {
      return 0;
    }
  }

  /**
   * Pairs in one {@link org.anonkit.hmac.MappingStore} per mapping field (deduplicated in memory up
   * to {@code mappingPairsInMemory} pairs each, then spilled as sorted runs under {@code private/};
   * a token shared by two clear values raises {@link org.anonkit.hmac.MappingCollisionException}).
   */
  final class StorePairs implements Pairs, java.io.Closeable {
    private final org.anonkit.hmac.MappingStore[] stores;

    StorePairs(Anonymizer anonymizer, OutputLayout layout) {
      stores = new org.anonkit.hmac.MappingStore[mappingFields.size()];
      try {
        for (int k = 0; k < stores.length; k++) {
          String field = mappingFields.get(k);
          FieldPlan plan = anonymizer.plan(field);
          org.anonkit.hmac.MappingStore.Builder b = org.anonkit.hmac.MappingStore.builder()
              .maxPairsInMemory(mappingPairsInMemory).tempDirectory(layout.privateDir());
          if (plan.transformer() instanceof org.anonkit.hmac.HmacSha256Pseudonymizer) {
            b.field(field, (org.anonkit.hmac.HmacSha256Pseudonymizer) plan.transformer());
          } else {
            FieldRule rule = plan.rule();
            b.field(field, rule.linkageDomain() == null ? field.toLowerCase(Locale.ROOT) : rule.linkageDomain(),
                rule.transformer() != null ? rule.transformer() : rule.action().name().toLowerCase(Locale.ROOT),
                anonymizer.keyId());
          }
          stores[k] = b.build();
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override
    public int fields() {
      return stores.length;
    }

    @Override
    public void put(int field, String clear, String token) {
      stores[field].record(mappingFields.get(field), clear, token);
    }

    @Override
    public void forEach(int field, java.util.function.BiConsumer<String, String> clearAndToken) {
      stores[field].forEach(mappingFields.get(field), (token, clear) -> clearAndToken.accept(clear, token));
    }

    @Override
    public long pairsInMemory() {
      long n = 0;
      for (org.anonkit.hmac.MappingStore m : stores) {
        n += m.pairsInMemory();
      }
      return n;
    }

    @Override
    public long spilledRuns() {
      long n = 0;
      for (org.anonkit.hmac.MappingStore m : stores) {
        n += m.spilledRuns();
      }
      return n;
    }

    org.anonkit.hmac.MappingStore store(int field) {
      return stores[field];
    }

    @Override
    public void close() {
      for (org.anonkit.hmac.MappingStore m : stores) {
        if (m != null) {
          m.close();
        }
      }
    }
  }

  /**
   * The run's clear and anonymized vectors, streamed to their files as chunks are collected in input
   * order ({@link org.anonkit.vectors.VectorWriter}: byte-identical to concatenating every chunk's batch
   * and writing once). The writers start at the first chunk with vector rows (a run without any writes
   * no vector files). Not thread-safe: the collecting thread only.
   */
  final class RunVectors implements java.io.Closeable {
    private final OutputLayout layout;
    private final Path staged; // a single-pass attempt: the anonymized side under private/ until verified
    private org.anonkit.vectors.VectorWriter anon;
    private org.anonkit.vectors.VectorWriter clear;

    RunVectors(OutputLayout layout, Path staged) {
      this.layout = layout;
      this.staged = staged;
    }

    private Path anonDir() {
      return staged != null ? staged.resolve("vectors-anon")
          : org.anonkit.vectors.VectorSet.anonymizedVectorsDir(layout.root());
    }

    private Path anonRaggedDir() {
      return staged != null ? staged.resolve("ragged-anon")
          : org.anonkit.vectors.VectorSet.anonymizedRaggedDir(layout.root());
    }

    void append(org.anonkit.vectors.VectorBatch clearBatch, org.anonkit.vectors.VectorBatch anonBatch)
        throws IOException {
      if (anon == null) {
        start();
      }
      clear.append(clearBatch);
      anon.append(anonBatch);
    }

    private void start() throws IOException {
      Path root = layout.root();
      Path anonDir = anonDir();
      Path anonRagged = anonRaggedDir();
      Path clearDir = org.anonkit.vectors.VectorSet.clearVectorsDir(root);
      Path clearRagged = org.anonkit.vectors.VectorSet.clearRaggedDir(root);
      for (Path d : List.of(anonDir, anonRagged, clearDir, clearRagged)) {
        deleteContents(d); // a previous run's files: this run replaces them all
      }
      // owner-only, and refused when a symbolic link puts one of them outside private/
      layout.privateSubdir(layout.privateDir().relativize(clearDir.getParent()).toString());
      layout.privateSubdir(layout.privateDir().relativize(clearDir).toString());
      layout.privateSubdir(layout.privateDir().relativize(clearRagged).toString());
      anon = org.anonkit.vectors.VectorWriter.create(vectorSchema, anonDir, anonRagged,
          org.anonkit.vectors.VectorBatch.Side.ANONYMIZED);
      clear = org.anonkit.vectors.VectorWriter.create(vectorSchema, clearDir, clearRagged,
          org.anonkit.vectors.VectorBatch.Side.CLEAR);
    }

    boolean started() {
      return anon != null;
    }

    /**
     * Finishes both sides (dictionaries sorted and codes remapped, ragged dumps, files moved into
     * place); the two are independent files, so the clear side is finished on a {@code pool} thread
     * while this thread finishes the anonymized one. Both are done when this returns or throws.
     */
    void commit(ExecutorService pool) throws IOException {
      Future<?> clearDone = pool.submit(() -> {
        clear.commit();
        return null;
      });
      try {
        anon.commit();
      } catch (RuntimeException | Error e) {
        try {
          get(clearDone); // no file written after the run has failed
        } catch (IOException | RuntimeException | Error suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      get(clearDone);
      if (staged != null) { // verified: the staged anonymized side replaces the share/ folders
        Path root = layout.root();
        moveDirectory(anonDir(), org.anonkit.vectors.VectorSet.anonymizedVectorsDir(root));
        moveDirectory(anonRaggedDir(), org.anonkit.vectors.VectorSet.anonymizedRaggedDir(root));
      }
    }

    private void moveDirectory(Path from, Path to) throws IOException {
      deleteContents(to);
      Files.deleteIfExists(to);
      Files.createDirectories(to.getParent());
      Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
      if (anon != null) {
        anon.close();
        clear.close();
      }
    }
  }

  // ---------------------------------------------------------------- results

  private void writeFailures(OutputLayout layout, FailureStatistics failures, Totals totals, Map<String, Path> files)
      throws IOException {
    Path csv = layout.share().resolve("failures.csv");
    Path json = layout.share().resolve("failures.json");
    layout.writeAtomically(csv, out -> writeText(out, w -> failures.writeCsv(w)));
    layout.writeAtomically(json, out -> writeText(out, w -> failures.writeJson(w)));
    files.put("failures.csv", csv);
    files.put("failures.json", json);
    int k = indexOfIgnoreCase(mappingFields, userField);
    if (k >= 0) {
      // only the users in the statistics (already in memory) are looked up; the pairs are streamed
      Set<String> wanted = new HashSet<>();
      for (FailureStatistics.Entry e : failures.entries()) {
        wanted.add(e.user());
      }
      Map<String, String> tokenToClear = new HashMap<>();
      totals.pairs.forEach(k, (clear, token) -> {
        if (wanted.contains(token)) {
          tokenToClear.put(token, clear);
        }
      });
      FailureStatistics clear = failures.relabel(tokenToClear::get);
      Path clearCsv = layout.privateDir().resolve("failures.clear.csv");
      Path clearJson = layout.privateDir().resolve("failures.clear.json");
      layout.writeAtomically(clearCsv, out -> writeText(out, w -> clear.writeCsv(w)));
      layout.writeAtomically(clearJson, out -> writeText(out, w -> clear.writeJson(w)));
      files.put("failures.clear.csv", clearCsv);
      files.put("failures.clear.json", clearJson);
    }
  }

  /**
   * {@code private/mapping-<field>.csv} per mapping field, through {@link org.anonkit.hmac.MappingStore}
   * (format {@code scope,token,clear} sorted by token, metadata in {@code mapping-<field>.csv.meta.json},
   * owner-only, written atomically); a token shared by two clear values stops the run.
   */
  private void writeMappings(OutputLayout layout, StorePairs pairs, Map<String, Path> files) {
    for (int k = 0; k < mappingFields.size(); k++) {
      String field = mappingFields.get(k);
      Path target = layout.privateDir().resolve("mapping-" + field.toLowerCase(Locale.ROOT) + ".csv");
      pairs.store(k).write(target, org.anonkit.hmac.MappingFormat.CSV);
      files.put("mapping." + field, target);
    }
  }

  /** Name of the run's scrub dictionary under {@code private/}: the next batch's {@code --dictionary}. */
  static final String DICTIONARY_FILE = "dictionary.txt";

  /**
   * The scrub dictionary the run used, as {@code scrub-text} reads it (distinct, canonical as
   * {@link ScrubTextProvider#foldName}, sorted by UTF-16 code units, one per line after a comment line, UTF-8),
   * under {@code private/} (owner-only: these are clear user
   * and full names). Given back with {@link Builder#dictionary} and {@link Builder#singlePass}, it lets
   * the next batch of the same site skip the dictionary pass.
   */
  private static void writeDictionary(OutputLayout layout, Set<String> names, Map<String, Path> files)
      throws IOException {
    TreeSet<String> words = new TreeSet<>();
    for (String n : names) {
      words.add(ScrubTextProvider.foldName(n));
    }
    Path target = layout.privateDir().resolve(DICTIONARY_FILE);
    layout.writeAtomically(target, out -> writeText(out, w -> {
      w.write("# anonkit scrub-text dictionary: " + words.size() + " names, clear; keep private\n");
      for (String n : words) {
        w.write(n);
        w.write('\n');
      }
    }));
    files.put("dictionary", target);
  }

  /** X_anon and its ragged buffers under share/, X_clear and its ragged buffers under private/. */
  private void writeVectors(OutputLayout layout, RunVectors vectors, Map<String, Path> files, ExecutorService pool)
      throws IOException {
    if (vectors == null || !vectors.started()) {
      return;
    }
    vectors.commit(pool);
    Path root = layout.root();
    files.put("vectors.anonymized", org.anonkit.vectors.VectorSet.anonymizedVectorsDir(root));
    files.put("ragged.anonymized", org.anonkit.vectors.VectorSet.anonymizedRaggedDir(root));
    files.put("vectors.clear", org.anonkit.vectors.VectorSet.clearVectorsDir(root));
    files.put("ragged.clear", org.anonkit.vectors.VectorSet.clearRaggedDir(root));
  }

  /** Spill folders of mapping stores that a killed run left under private/ (they hold clear values). */
  private static void deleteStaleSpills(Path privateDir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(privateDir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().startsWith("anonkit-mapping-") && Files.isDirectory(p)) {
          deleteContents(p);
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  static String csvCell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0
        && !s.startsWith("#")) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Whether a user or mapping value names no one: missing, empty or only white space. */
  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static int indexOfIgnoreCase(List<String> list, String s) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).equalsIgnoreCase(s)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The manifest's {@code compression} section (columnar formats): stored bytes per column of the
   * inputs (clear) and outputs (anonymized), totals and the ratio. Column names only, never values.
   */
  private static void appendCompression(StringBuilder j, Map<String, long[]> columnBytes) {
    long clear = 0;
    long anon = 0;
    for (long[] v : columnBytes.values()) {
      clear += v[0];
      anon += v[1];
    }
    j.append("  \"compression\": {\"unit\": \"stored bytes (compressed column chunks)\", \"clearBytes\": ")
        .append(clear).append(", \"anonymizedBytes\": ").append(anon);
    if (clear > 0) {
      j.append(", \"ratio\": ").append(String.format(Locale.ROOT, "%.4f", (double) anon / clear));
    }
    j.append(", \"columns\": {");
    boolean first = true;
    for (Map.Entry<String, long[]> e : columnBytes.entrySet()) {
      j.append(first ? "\n" : ",\n").append("    ").append(q(e.getKey())).append(": {\"clear\": ")
          .append(e.getValue()[0]).append(", \"anonymized\": ").append(e.getValue()[1]).append('}');
      first = false;
    }
    j.append("\n  }},\n");
  }

  /** The manifest's array {@code name} of files, each {@code [path, bytes, sha256]}, and its line end. */
  private static void appendFiles(StringBuilder j, String name, List<String[]> files) {
    j.append("  ").append(q(name)).append(": [");
    for (int i = 0; i < files.size(); i++) {
      String[] o = files.get(i);
      j.append(i == 0 ? "\n" : ",\n").append("    {\"path\": ").append(q(o[0])).append(", \"bytes\": ").append(o[1])
          .append(", \"sha256\": ").append(q(o[2])).append('}');
    }
    j.append("\n  ],\n");
  }

  private void writeManifest(OutputLayout layout, Path manifest, Policy prepared, String keyId,
      List<String[]> inputs, List<String[]> outputs, Totals totals, FailureStatistics failures,
      Map<String, Path> files, DictionaryInfo dictionary, List<String[]> released) throws IOException {
    writeShareReadme(layout, prepared, keyId, outputs, totals, failures, files, released, dictionary != null);
    StringBuilder j = new StringBuilder(4096);
    j.append("{\n  \"format\": \"anonkit-manifest/v1\",\n");
    j.append("  \"versions\": {\"anonkit\": ").append(q(VERSION)).append(", \"java\": ")
        .append(q(System.getProperty("java.specification.version"))).append("},\n");
    j.append("  \"policy\": {\"name\": ").append(q(prepared.name())).append(", \"sha256\": ")
        .append(q(policySha256))
        .append(", \"mode\": ").append(q(mode == null ? "hmac" : mode)).append("},\n");
    j.append("  \"key\": {\"id\": ").append(q(keyId)).append("},\n");
    j.append("  \"threads\": ").append(threads).append(",\n");
    j.append("  \"inputs\": [");
    for (int i = 0; i < inputs.size(); i++) {
      String[] in = inputs.get(i);
      j.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(q(in[0])).append(", \"bytes\": ").append(in[1])
          .append(", \"sha256\": ").append(q(in[2])).append('}');
    }
    j.append("\n  ],\n");
    appendFiles(j, "outputs", outputs);
    j.append("  \"rows\": {\"in\": ").append(totals.rowsIn).append(", \"out\": ").append(totals.rowsOut)
        .append(", \"quarantined\": ").append(totals.quarantined).append("},\n");
    j.append("  \"fields\": {");
    boolean first = true;
    for (Map.Entry<String, long[]> e : totals.counts.sorted().entrySet()) {
      j.append(first ? "\n" : ",\n").append("    ").append(q(e.getKey())).append(": {");
      for (int k = 0; k < FieldCounts.OUTCOMES.length; k++) {
        j.append(k == 0 ? "" : ", ").append(q(FieldCounts.OUTCOMES[k])).append(": ").append(e.getValue()[k]);
      }
      j.append('}');
      first = false;
    }
    j.append("\n  },\n");
    if (totals.counts.overflowed()) {
      // more distinct field names outside the policy's than FieldCounts counts by name: theirs, summed
      long[] o = totals.counts.other();
      j.append("  \"otherFields\": {\"names\": \"more than ").append(FieldCounts.MAX_OTHERS)
          .append(" distinct names besides the policy's fields as it spells them\"");
      for (int k = 0; k < FieldCounts.OUTCOMES.length; k++) {
        j.append(", ").append(q(FieldCounts.OUTCOMES[k])).append(": ").append(o[k]);
      }
      j.append("},\n");
    }
    j.append("  \"failures\": {\"definition\": ").append(q(failures.definition().name())).append(", \"expression\": ")
        .append(q(sharedFailureExpression)).append(", \"userField\": ").append(q(userField))
        .append(", \"rows\": ").append(failures.rows()).append(", \"fails\": ").append(failures.fails()).append("},\n");
    if (dictionary != null) { // how the scrub dictionary was made; counts only, never a name
      j.append("  \"dictionary\": {\"source\": ").append(q(dictionary.source())).append(", \"singlePass\": ")
          .append(dictionary.singlePass()).append(", \"fallback\": ").append(dictionary.fallback())
          .append(", \"names\": ").append(dictionary.names()).append(", \"recordsMissingFromSupplied\": ")
          .append(dictionary.recordsMissing()).append("},\n");
    }
    if (vectorSchema != null) {
      j.append("  \"vectors\": {\"rows\": ").append(totals.rowsOut - totals.vectorRowsSkipped)
          .append(", \"rowsSkipped\": ").append(totals.vectorRowsSkipped)
          .append(", \"valuesUnencodable\": ").append(totals.vectorValuesUnencodable).append("},\n");
    }
    if (!totals.columnBytes.isEmpty()) {
      appendCompression(j, totals.columnBytes);
    }
    if (!released.isEmpty()) { // what the run's last step wrote (anonkit run's releases), checksummed as the data
      appendFiles(j, "releases", released);
    }
    j.append("  \"files\": {");
    first = true;
    for (Map.Entry<String, Path> e : new TreeMap<>(files).entrySet()) {
      j.append(first ? "\n" : ",\n").append("    ").append(q(e.getKey())).append(": ")
          .append(q(layout.root().relativize(e.getValue()).toString()));
      first = false;
    }
    j.append("\n  }\n}\n");
    byte[] bytes = j.toString().getBytes(StandardCharsets.UTF_8);
    layout.writeAtomically(manifest, out -> out.write(bytes));
  }

  /** {@code share/README.md} ({@link ShareReadme}), listed in the manifest's {@code files}. */
  private void writeShareReadme(OutputLayout layout, Policy prepared, String keyId, List<String[]> outputs,
      Totals totals, FailureStatistics failures, Map<String, Path> files, List<String[]> released, boolean dictionary)
      throws IOException {
    List<String> data = new ArrayList<>();
    for (String[] o : outputs) {
      data.add(o[0]);
    }
    List<String> releases = new ArrayList<>();
    for (String[] r : released) {
      releases.add(r[0]);
    }
    String text = ShareReadme.render(new ShareReadme.Facts(VERSION, prepared.name(), policySha256,
        mode == null ? "hmac" : mode, keyId, totals.rowsIn, totals.rowsOut, totals.quarantined, data,
        totals.counts.sorted(), prepared, RecordAnonymizer.ipIntegerFields(prepared), failures.definition().name(),
        sharedFailureExpression, userField, files.containsKey("vectors.anonymized"), files.containsKey("ragged.anonymized"),
        releases, dictionary));
    Path readme = layout.share().resolve(README);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    layout.writeAtomically(readme, out -> out.write(bytes));
    files.put("README", readme);
  }

  private static String buildVersion() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = Pipeline.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read anon-pipeline's version.properties", e);
    }
    String v = p.getProperty("version");
    if (v == null || v.isEmpty() || v.contains("${")) {
      throw new IllegalStateException("anon-pipeline was built without its version (version.properties)");
    }
    return v;
  }

  /**
   * Everything that makes a policy built in code what it is, hashed when no policy file's bytes are
   * given: name, redaction marker, every rule with its parameters, the default rule and the sections.
   * (FieldRule.toString leaves the parameters out, so policies differing only there hashed alike and a
   * resume under the other one was accepted.)
   */
  private static String policyDescription(Policy p) {
    StringBuilder sb = new StringBuilder("name=").append(q(p.name()))
        .append("\nredaction=").append(q(p.redactionMarker()));
    for (FieldRule r : p.rules()) {
      describeRule(sb.append("\nrule "), r);
    }
    describeRule(sb.append("\ndefault "), p.defaultRule());
    for (String name : p.extensionNames()) {
      describeValue(sb.append("\nsection ").append(q(name)).append('='), p.extension(name));
    }
    return sb.toString();
  }

  private static void describeRule(StringBuilder sb, FieldRule r) {
    sb.append(q(r.field())).append(' ').append(r.action());
    if (r.action() == FieldRule.Action.TRANSFORM) {
      sb.append(' ').append(q(r.transformer())).append(" onFailure=").append(r.onFailure().policyName())
          .append(" domain=").append(r.linkageDomain() == null ? "-" : q(r.linkageDomain())).append(" params=");
      describeValue(sb, r.parameters());
    }
  }

  private static void describeValue(StringBuilder sb, Object v) {
    if (v instanceof org.anonkit.Parameters) {
      org.anonkit.Parameters params = (org.anonkit.Parameters) v;
      sb.append('{');
      for (String name : params.names()) {
        describeValue(sb.append(q(name)).append(':'), params.get(name));
        sb.append(',');
      }
      sb.append('}');
    } else if (v instanceof List) {
      sb.append('[');
      for (Object e : (List<?>) v) {
        describeValue(sb, e);
        sb.append(',');
      }
      sb.append(']');
    } else if (v instanceof String) {
      sb.append(q((String) v));
    } else {
      sb.append(v.getClass().getSimpleName()).append(':').append(v); // Long, Double, Boolean: locale-free
    }
  }

  private static String q(String s) {
    return FailureStatistics.json(s);
  }

  interface WriterBody {
    void write(Writer w) throws IOException;
  }

  private static void writeText(OutputStream out, WriterBody body) throws IOException {
    Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    body.write(w);
    w.flush();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }

  static String sha256(byte[] b) {
    return hex(sha256().digest(b));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] d) {
    StringBuilder sb = new StringBuilder(d.length * 2);
    for (byte b : d) {
      sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
    }
    return sb.toString();
  }

  private static <T> T get(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof IOException) {
        throw (IOException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IOException(c);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "anonkit-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return "Pipeline{policy=" + policy.name() + ", mode=" + (mode == null ? "hmac" : mode) + ", threads=" + threads + "}";
  }

  /** Progress on a terminal: records/s, MB/s, ETA. */
  private static final class Progress {
    private final PrintStream out;
    private final String name;
    private final long size;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintStream out, String name, long size) {
      this.out = out;
      this.name = name;
      this.size = size;
    }

    void update(long bytes, long rows) {
      long now = System.nanoTime();
      if (now - last < 1_000_000_000L) {
        return;
      }
      last = now;
      double s = (now - start) / 1e9;
      String eta = size > 0 && bytes > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (size - bytes) / (bytes / s)) : "";
      out.printf(Locale.ROOT, "\r%s: %,d records, %.0f records/s, %.1f MB/s%s   ", name, rows, rows / s,
          bytes / s / 1e6, eta);
      out.flush();
    }

    void done(long bytes, long rows) {
      double s = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      out.printf(Locale.ROOT, "\r%s: %,d records in %.1f s (%.1f MB/s)            %n", name, rows, s, bytes / s / 1e6);
    }
  }

  /** Raw malformed records and their reasons under private/quarantine/. Not thread-safe. */
  private static final class Quarantine {
    private final Path dir;
    private final String base;
    private final OutputLayout layout;
    private org.anonkit.pipeline.io.AtomicFile data;
    private org.anonkit.pipeline.io.AtomicFile reasons;
    private OutputStream dataOut;
    private Writer reasonsOut;

    Quarantine(Path dir, String base, OutputLayout layout) {
      this.dir = dir;
      this.base = base;
      this.layout = layout;
    }

    void add(MalformedRecord m) throws IOException {
      add(m.row(), m.line(), m.truncated(), m.reason(), m.rawBytes());
    }

    void add(long row, long line, boolean truncated, String reason, byte[] raw) throws IOException {
      if (data == null) {
        data = org.anonkit.pipeline.io.AtomicFile.create(dir.resolve(base + ".quarantine"));
        reasons = org.anonkit.pipeline.io.AtomicFile.create(dir.resolve(base + ".quarantine.reasons.tsv"));
        dataOut = new java.io.BufferedOutputStream(data.stream(), 1 << 16);
        reasonsOut = new java.io.OutputStreamWriter(new java.io.BufferedOutputStream(reasons.stream()), StandardCharsets.UTF_8);
        reasonsOut.write("row\tline\tbytes\ttruncated\treason\n");
      }
      dataOut.write(raw);
      dataOut.write('\n');
      reasonsOut.write(row + "\t" + line + "\t" + raw.length + "\t" + truncated + "\t"
          + reason.replace('\t', ' ').replace('\n', ' ') + "\n");
    }

    void commit() throws IOException {
      if (data != null) {
        dataOut.flush();
        reasonsOut.flush();
        data.commit();
        reasons.commit();
        layout.restrictFile(data.target());
        layout.restrictFile(reasons.target());
      }
    }

    void close() throws IOException {
      if (data != null) {
        data.close();
        reasons.close();
      }
    }
  }

  /** The resume journal of one input, a small TSV under private/journal/ (it holds the mapping). */
  private final class Journal {
    private final Path path;
    private final String fingerprint;
    private final OutputLayout layout;

    Journal(Path path, String fingerprint, OutputLayout layout) {
      this.path = path;
      this.fingerprint = fingerprint;
      this.layout = layout;
    }

    void write(String[] inputSum, Path output, String outputSha, Totals t) throws IOException {
      layout.writeAtomically(path, out -> writeText(out, w -> {
        w.write(settings.line() + "\n");
        w.write("input\t" + inputSum[0] + "\t" + inputSum[1] + "\t" + fingerprint + "\n");
        w.write("output\t" + esc(output.getFileName().toString()) + "\t" + outputSha + "\n");
        writeTotals(w, t);
        w.write("end\n");
      }));
    }

    /**
     * The committed output if the journal matches the input and the output, and no other input of this
     * run has taken its name (a single-pass attempt stages its outputs under private/, so a name can be
     * taken while its file in share/data is still an earlier run's); fills {@code t}.
     */
    Path validOutput(String[] inputSum, Path dataDir, Totals t, Set<String> taken) throws IOException {
      if (!Files.exists(path)) {
        return null;
      }
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      if (lines.size() < 4 || !lines.get(0).equals(settings.line()) || !lines.get(lines.size() - 1).equals("end")) {
        return null; // other settings were refused when the run started (checkJournal)
      }
      String[] in = lines.get(1).split("\t", -1);
      if (in.length != 4 || !in[0].equals("input") || !in[1].equals(inputSum[0]) || !in[2].equals(inputSum[1])
          || !in[3].equals(fingerprint)) { // another input, or made with another scrub dictionary
        return null;
      }
      String[] out = lines.get(2).split("\t", -1);
      Path target = dataDir.resolve(unesc(out[1]));
      if (taken.contains(target.getFileName().toString()) || !Files.exists(target)
          || !sha256(target).equals(out[2])) {
        return null;
      }
      for (String line : lines.subList(3, lines.size() - 1)) {
        if (!readTotals(line.split("\t", -1), t)) {
          throw new IOException("unreadable resume journal " + path.getFileName() + "; delete it to redo that input");
        }
      }
      return target;
    }
  }

  /** Writes counts, failure counts and mappings as journal lines. */
  private void writeTotals(Writer w, Totals t) throws IOException {
    w.write("rows\t" + t.rowsIn + "\t" + t.rowsOut + "\t" + t.quarantined + "\t" + t.bytesIn + "\n");
    for (Map.Entry<String, long[]> e : t.counts.sorted().entrySet()) {
      StringBuilder sb = new StringBuilder("field\t").append(esc(e.getKey()));
      for (long v : e.getValue()) {
        sb.append('\t').append(v);
      }
      w.write(sb.append('\n').toString());
    }
    if (t.counts.overflowed()) { // the fields outside the policy's, summed (FieldCounts)
      StringBuilder sb = new StringBuilder("other-fields");
      for (long v : t.counts.other()) {
        sb.append('\t').append(v);
      }
      w.write(sb.append('\n').toString());
    }
    for (FailureStatistics.Entry e : t.failures.build(failureDefinition).entries()) {
      w.write("user\t" + esc(e.user()) + "\t" + e.fails() + "\t" + e.total() + "\n");
    }
    for (int k = 0; k < t.pairs.fields(); k++) {
      String prefix = "map\t" + k + "\t";
      try {
        t.pairs.forEach(k, (clear, token) -> {
          try {
            w.write(prefix + esc(clear) + "\t" + esc(token) + "\n");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }

  /** Reads one journal line written by {@link #writeTotals} into {@code t}; false if it is not one. */
  private static boolean readTotals(String[] f, Totals t) {
    switch (f[0]) {
      case "rows":
        t.rowsIn += Long.parseLong(f[1]);
        t.rowsOut += Long.parseLong(f[2]);
        t.quarantined += Long.parseLong(f[3]);
        t.bytesIn += Long.parseLong(f[4]);
        return true;
      case "field": {
        long[] v = new long[FieldCounts.OUTCOMES.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = Long.parseLong(f[2 + i]);
        }
        t.counts.put(unesc(f[1]), v);
        return true;
      }
      case "other-fields": {
        long[] v = new long[FieldCounts.OUTCOMES.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = Long.parseLong(f[1 + i]);
        }
        t.counts.putOther(v);
        return true;
      }
      case "user": {
        String u = unesc(f[1]);
        long fails = Long.parseLong(f[2]);
        long total = Long.parseLong(f[3]);
        for (long i = 0; i < total; i++) {
          t.failures.add(u, i < fails);
        }
        return true;
      }
      case "map":
        t.pairs.put(Integer.parseInt(f[1]), unesc(f[2]), unesc(f[3]));
        return true;
      default:
        return false;
    }
  }

  /**
   * Checkpoints of one input in progress (only with {@code resume}): every {@value #SEGMENT_CHUNKS}
   * chunks, their serialized bytes ({@code seg-K.bin}) and then their counts, failure counts, mapping
   * and quarantined records ({@code seg-K.tsv}, the commit mark) are written atomically under
   * {@code private/journal/NNNN-segments/}. A resumed run appends the committed segments' bytes to
   * the new output and skips their chunks (they are cut again, not parsed). Deleted once the input's
   * output is committed. Not thread-safe.
   */
  private final class Segments {
    private final Path dir;
    private final String header;
    private final OutputLayout layout;
    private final List<SerializedChunk> chunks = new ArrayList<>();
    private final List<MalformedRecord> malformed = new ArrayList<>();
    private Totals totals = new Totals(mappingFields.size(), countedByName);
    private int next;

    Segments(Path dir, int chunkBytes, String[] inputSum, String outputName, String fingerprint, OutputLayout layout) {
      this.dir = dir;
      this.header = "segments\t" + inputSum[0] + "\t" + inputSum[1] + "\t" + chunkBytes + "\t" + esc(outputName)
          + "\t" + fingerprint;
      this.layout = layout;
    }

    /**
     * Replays the committed segments into {@code output}, {@code quarantine} and {@code run}.
     *
     * @return the index of the last chunk replayed, or -1
     */
    long replay(RecordOutput output, Quarantine quarantine, Totals run) throws IOException {
      long last = -1;
      if (!Files.isDirectory(dir)) {
        return last;
      }
      for (int k = 0; ; k++) {
        Path tsv = dir.resolve("seg-" + k + ".tsv");
        Path bin = dir.resolve("seg-" + k + ".bin");
        if (!Files.exists(tsv) || !Files.exists(bin)) {
          break;
        }
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).equals(settings.line()) || !lines.get(1).equals(header)
            || !lines.get(lines.size() - 1).equals("end")) {
          // another input, chunk size, output or scrub dictionary: start this input over (other
          // settings were refused when the run started: see checkJournal)
          break;
        }
        Totals t = new Totals(mappingFields.size(), countedByName);
        List<String[]> q = new ArrayList<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
          String[] f = line.split("\t", -1);
          if (f[0].equals("q")) {
            q.add(f);
          } else if (!readTotals(f, t)) {
            throw new IOException("unreadable resume segment " + tsv.getFileName() + "; delete it to redo that input");
          }
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(
            new java.io.BufferedInputStream(Files.newInputStream(bin), 1 << 16))) {
          int n = in.readInt();
          for (int i = 0; i < n; i++) {
            long index = in.readLong();
            int records = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            output.append(SerializedChunk.of(index, records, bytes));
            last = index;
          }
        }
        for (String[] f : q) {
          quarantine.add(Long.parseLong(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3]), unesc(f[4]),
              java.util.Base64.getDecoder().decode(f[5]));
        }
        run.merge(t);
        next = k + 1;
      }
      return last;
    }

    void add(ChunkResult r) throws IOException {
      chunks.add(r.serialized);
      malformed.addAll(r.malformed);
      totals.add(r);
      if (chunks.size() == SEGMENT_CHUNKS) {
        flush();
      }
    }

    void flush() throws IOException {
      if (chunks.isEmpty()) {
        return;
      }
      Files.createDirectories(dir);
      layout.restrictDirectory(dir);
      int k = next++;
      layout.writeAtomically(dir.resolve("seg-" + k + ".bin"), out -> {
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeInt(chunks.size());
        for (SerializedChunk c : chunks) {
          d.writeLong(c.index());
          d.writeInt(c.recordCount());
          d.writeInt(c.byteLength());
          c.writeTo(d);
        }
        d.flush();
      });
      Totals t = totals;
      List<MalformedRecord> q = new ArrayList<>(malformed);
      layout.writeAtomically(dir.resolve("seg-" + k + ".tsv"), out -> writeText(out, w -> {
        w.write(settings.line() + "\n");
        w.write(header + "\n");
        writeTotals(w, t);
        for (MalformedRecord m : q) {
          w.write("q\t" + m.row() + "\t" + m.line() + "\t" + m.truncated() + "\t" + esc(m.reason()) + "\t"
              + java.util.Base64.getEncoder().encodeToString(m.rawBytes()) + "\n");
        }
        w.write("end\n");
      }));
      chunks.clear();
      malformed.clear();
      totals = new Totals(mappingFields.size(), countedByName);
    }

    void delete() throws IOException {
      deleteContents(dir);
      Files.deleteIfExists(dir);
    }
  }

  /** Chunks per resume checkpoint. */
  static final int SEGMENT_CHUNKS = 16;

  static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unesc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Configures a {@link Pipeline}. Setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Policy policy;
    private byte[] policyBytes;
    private String mode;
    private MasterKey key;
    private TransformerRegistry registry;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int chunkBytes = RecordInput.DEFAULT_CHUNK_BYTES;
    private boolean chunkBytesSet;
    private RecordFormat inputFormat;
    private RecordFormat outputFormat;
    private Compression outputCompression;
    private FailureDefinition failureDefinition;
    private List<String> mappingFields;
    private boolean resume;
    private boolean failOnMalformed;
    private PrintStream progress;
    private List<String> extraNames = List.of();
    private boolean vectors = true;
    private long mappingPairsInMemory = org.anonkit.hmac.MappingStore.DEFAULT_MAX_PAIRS_IN_MEMORY;
    private MemoryGauge gauge;
    private long maxInFlightBytes;
    private boolean singlePass;
    private Runnable beforeFallback;
    private Completion beforeComplete;
    private List<String> releaseNames = List.of();

    private Builder(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The policy file's bytes, hashed into the manifest (else the policy's canonical JSON,
     * {@code PolicyJson.write}, is hashed: saved so, it is the run's policy file).
     */
    public Builder policySource(byte[] bytes) {
      this.policyBytes = bytes.clone();
      return this;
    }

    /** A mode of the policy's {@code modes} section ({@code hmac}, the default, is the policy as written). */
    public Builder mode(String mode) {
      this.mode = mode;
      return this;
    }

    /** The master key; {@code null} only for policies whose transformers are all keyless. */
    public Builder key(MasterKey key) {
      this.key = key;
      return this;
    }

    /** The registry (default: {@link TransformerRegistry#defaultRegistry()}). */
    public Builder registry(TransformerRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Worker threads, 1 to 1024 (default: available processors). Output does not depend on it. */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Input bytes per chunk (default 1 MiB; 16 MiB for a row-format input written as Parquet). Output
     * does not depend on it, except the row groups of Parquet written from a row format, which are the
     * chunks.
     */
    public Builder chunkBytes(int bytes) {
      if (bytes < 1 || bytes > (256 << 20)) {
        throw new IllegalArgumentException("chunk size must be in [1, 256 MiB], got " + bytes);
      }
      this.chunkBytes = bytes;
      this.chunkBytesSet = true;
      return this;
    }

    /** The input format (default: detected per input). */
    public Builder inputFormat(RecordFormat format) {
      this.inputFormat = format;
      return this;
    }

    /** The output format (default: the input's). */
    public Builder outputFormat(RecordFormat format) {
      this.outputFormat = format;
      return this;
    }

    /**
     * The output compression of row formats (default: the input's). A run whose output is Parquet (by
     * {@link #outputFormat} or, without one, because every input is) refuses it: Parquet compresses its
     * columns (ZSTD).
     */
    public Builder outputCompression(Compression compression) {
      this.outputCompression = compression;
      return this;
    }

    /** What counts as a failed job (default: the policy's {@code failures.definition}, else {@code exit}). */
    public Builder failureDefinition(FailureDefinition definition) {
      this.failureDefinition = definition;
      return this;
    }

    /** Fields whose clear → token pairs go to {@code private/mapping-<field>.csv} (default: the policy's, else the user field). */
    public Builder mappingFields(List<String> fields) {
      this.mappingFields = List.copyOf(fields);
      return this;
    }

    /** Skip inputs whose output a previous run committed (see the class comment). */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Stop at the first malformed record instead of quarantining it. */
    public Builder failOnMalformed(boolean fail) {
      this.failOnMalformed = fail;
      return this;
    }

    /** Where progress lines go (a terminal); {@code null} for none (the default). */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /** Names added to the scrub dictionary besides those the first pass finds (e.g. a site's user list). */
    public Builder dictionary(List<String> names) {
      this.extraNames = List.copyOf(names);
      return this;
    }

    /**
     * Whether to skip the dictionary first pass and trust the names given to {@link #dictionary}
     * (default false). Only takes effect when names were given and the policy has a {@code dictionary}
     * section and uses {@code scrub-text}; a pass to collect the field list (CSV or columnar output from
     * row inputs) still runs.
     *
     * <p>The anonymizing pass then checks every record, before anonymizing it, against the supplied
     * names: each name the first pass would have collected from the record's dictionary fields must be
     * one of them (case-insensitively, as {@code scrub-text} folds names; names too short for any
     * {@code scrub-text} rule's {@code minNameLength} need not be). Until every record has passed, the
     * run's data files and journal entries are written under {@code private/} and nothing is
     * checkpointed; then they are moved into {@code share/data/}, and the output is byte-identical to a two-pass run with the same
     * supplied names (manifest aside). At the first record naming someone missing from the list, the
     * attempt is abandoned (its staged files deleted; nothing under {@code share/} is written by it) and
     * the run starts again in two passes, with the supplied names plus those the first pass finds. The
     * manifest's {@code dictionary} section and {@link RunReport#singlePass()} say which happened, and
     * how many records named users missing from the list.
     */
    public Builder singlePass(boolean singlePass) {
      this.singlePass = singlePass;
      return this;
    }

    /**
     * Whether to write vectors when the policy has a {@code vectors} section (default true): the
     * anonymized matrix and ragged buffers under {@code share/vectors/anon} and {@code share/ragged},
     * the clear ones under {@code private/}. Rows are appended to the files as chunks are collected
     * (memory holds the chunks in flight and the dictionaries, not the run).
     */
    public Builder vectors(boolean vectors) {
      this.vectors = vectors;
      return this;
    }

    /**
     * Distinct mapping pairs each mapping field keeps in memory before spilling sorted runs to
     * {@code private/} (default {@value org.anonkit.hmac.MappingStore#DEFAULT_MAX_PAIRS_IN_MEMORY}).
     */
    Builder mappingPairsInMemory(long pairs) {
      this.mappingPairsInMemory = pairs;
      return this;
    }

    /**
     * Input bytes of the chunks in flight beyond the first (default: 256 MiB,
     * or {@code 2 × threads + 2} chunks' worth if that is more). Package-private: for tests.
     */
    Builder maxInFlightBytes(long bytes) {
      this.maxInFlightBytes = bytes;
      return this;
    }

    /**
     * A step that completes each run (default none): called with the run's report once its other outputs
     * are written, before its manifest, while the run still holds {@code private/}{@value #LOCK} and
     * {@code share/}{@value #INCOMPLETE} still stands, so that files it writes into {@code share/} (as
     * {@code anonkit run --experiments} writes its releases) belong to this run: a second run into the
     * folder is refused meanwhile, the manifest lists the files it returns, and if it throws, the run
     * fails with {@code share/} marked incomplete.
     */
    public Builder beforeComplete(Completion step) {
      this.beforeComplete = step;
      return this;
    }

    /**
     * The names of the files under {@code share/} that a run's last step ({@link #beforeComplete}) writes,
     * in this run or an earlier one into the same folder (default none): each is deleted as the run
     * starts, so that an earlier run's releases, figures of other data, never lie beside this run's
     * outputs, also when this run makes none. {@code anonkit} gives its releases' names to every run.
     *
     * @throws IllegalArgumentException for a name that is not a plain file name of {@code share/}'s own
     *     (a path, {@code manifest.json}, the marker, {@code README.md}, {@code data})
     */
    public Builder releaseNames(java.util.Collection<String> names) {
      for (String n : names) {
        if (n.isEmpty() || n.contains("/") || n.contains(java.io.File.separator) || n.equals(".") || n.equals("..")
            || n.equals("manifest.json") || n.equals(INCOMPLETE) || n.equals(README) || n.equals("data")) {
          throw new IllegalArgumentException("a release name must be a plain file name of share/, not " + n);
        }
      }
      this.releaseNames = List.copyOf(names);
      return this;
    }

    /** Test hook: runs after a failed single-pass attempt is discarded, before the two-pass run starts. */
    Builder beforeFallback(Runnable hook) {
      this.beforeFallback = hook;
      return this;
    }

    /** Test hook: records what the run holds in memory. */
    Builder gauge(MemoryGauge gauge) {
      this.gauge = gauge;
      return this;
    }

    public Pipeline build() {
      return new Pipeline(this);
    }
  }

}
