package org.anonkit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.anonkit.AnonException;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.spi.TransformerContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit hmac}: HMAC-SHA-256 pseudonyms of the values on standard input, one per line.
 *
 * <p>Not thread-safe (one instance per invocation).
 */
@Command(
    name = "hmac",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Read one value per line from standard input (UTF-8; only the line terminator, LF or CRLF, is "
            + "removed) and write its HMAC-SHA-256 pseudonym, one per line, to standard output.",
        "",
        "Normal use: --key-file FILE --field NAME [--domain D] derives the field's key from the master key "
            + "exactly as a pipeline run does (HKDF-SHA256, purpose anonkit/v1/hmac/<domain or field>), so with "
            + "the policy's --encoding, --length and --prefix it prints the token the dataset holds.",
        "",
        "--policy FILE|bundled:htcondor --field NAME|--domain D takes the domain and settings from the run's "
            + "policy rule (in the mode of --manifest's run, or --mode), so candidates get the run's tokens:",
        "  anonkit hmac --policy bundled:htcondor --domain name --key-file K \\",
        "      --manifest OUT/share/manifest.json < full-names.txt",
        "",
        "--key-hex HEX uses the given bytes directly as the HMAC key, without derivation: for tests and "
            + "published vectors only. RFC 4231 case 1:",
        "  printf 'Hi There' | anonkit hmac --encoding hex --length 64 \\",
        "      --key-hex 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "  b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ""},
    footer = {"", "Every input line gets one output line; a line that cannot be processed (not UTF-8) gets an empty "
        + "one and a message on stderr naming its number, never its value, and processing goes on.",
        "Exit codes: 0 ok, 1 data error (the key, or any line that failed; after the last line), 2 usage error."})
public final class HmacCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Master key file (from 'anonkit keygen').")
  Path keyFile;

  @Option(names = "--key-source", paramLabel = "SPEC",
      description = "Master key source instead of --key-file: scheme:location, e.g. env:ANONKIT_MASTER_KEY.")
  String keySource;

  @Option(names = "--key-id", paramLabel = "ID", description = "Expected master key id (default: the source's key).")
  String keyId;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "A run's share/manifest.json: its key id is expected, as with --key-id; with --policy, its "
          + "policy hash and mode too.")
  Path manifest;

  @Option(names = "--policy", paramLabel = "FILE|bundled:NAME", description = "The run's policy (the file 'anonkit "
      + "run --policy' was given, or bundled:htcondor): the domain and the --encoding, --length and --prefix of its "
      + "hmac rule for --field (matched case-insensitively) or for --domain's identity values, in the run's mode; "
      + "user names spelled as the run spells them. With --manifest, its SHA-256 and the mode must be the run's.")
  String policy;

  @Option(names = "--mode", paramLabel = "MODE", description = "With --policy: the run's mode (default: the "
      + "manifest's policy.mode with --manifest, else hmac, the policy as written).")
  String mode;

  @Option(names = "--field", paramLabel = "NAME", description = "Field whose key is derived (with --key-file/--key-source); "
      + "with --domain the field does not enter the key and may be left out.")
  String field;

  @Option(names = "--domain", paramLabel = "D", description = "Linkage domain of the field, if the policy gives one.")
  String domain;

  @Option(names = "--key-hex", paramLabel = "HEX",
      description = "HMAC key used directly, in hex (tests and vectors only; visible in the process list).")
  String keyHex;

  @Option(names = "--encoding", paramLabel = "ENC", defaultValue = "base32",
      description = "base32 (RFC 4648, lowercase, unpadded; default) or hex.")
  String encoding;

  @Option(names = "--length", paramLabel = "N",
      description = "Token characters: default 16 base32 / 20 hex (80 bits); at most 52 base32 / 64 hex.")
  Integer length;

  @Option(names = "--prefix", paramLabel = "P", description = "Text put before every token, e.g. u_.")
  String prefix;

  @Option(names = "--allow-short-tokens", description = "Accept tokens under 64 bits (they collide early).")
  boolean allowShortTokens;

  @Option(names = "--user-names", description = "Spell each value as a pipeline run spells user names before "
      + "tokenizing them in scrub-text's user domain (case-folded, white space collapsed): give it for the "
      + "fields tokenized in that domain (the bundled policy's Owner, AcctGroupUser, RemoteOwner, "
      + "PreemptingOwner, POMS_LAUNCHER, CRAB_UserHN: --domain user), so that MRasmuss gets the run's token.")
  boolean userNames;

  /** With --policy: whether the rule's domain is the one scrub-text tokenizes user names in. */
  private boolean policyUserNames;

  private final InputStream in;
  private final OutputStream out;
  private final Function<String, KeySource> keySources;

  /** Reads {@link System#in}, writes {@link System#out}, opens key sources with {@link KeySources#open}. */
  public HmacCommand() {
    this(System.in, System.out, KeySources::open);
  }

  /** For tests: the given streams and key-source opener ({@code "file:..."} or {@code --key-source}). */
  HmacCommand(InputStream in, OutputStream out, Function<String, KeySource> keySources) {
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    this.keySources = Objects.requireNonNull(keySources, "keySources");
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    HmacSha256Pseudonymizer hmac;
    try {
      hmac = create();
    } catch (AnonException e) {
      return fail(err, e.getMessage());
    }
    if (!userNames && policy == null && domain != null && domain.equalsIgnoreCase("user")) {
      // the bundled policy's user domain: a run folds user names first, so mixed-case input would get a
      // token the dataset does not hold (said once, before any value is read; names no value)
      err.println("anonkit hmac: note: a pipeline run spells the values of scrub-text's user domain case-folded "
          + "before tokenizing them; add --user-names to get its tokens for names with upper-case letters");
      err.flush();
    }
    try {
      return pseudonymize(hmac, err) > 0 ? 1 : 0;
    } catch (IOException | UncheckedIOException e) {
      return fail(err, "I/O error: " + e.getMessage());
    }
  }

  private int fail(PrintWriter err, String message) {
    err.println("anonkit hmac: " + message);
    err.flush();
    return 1;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** A usage error that explains itself: printed without the usage text after it ({@link Main}). */
  private ParameterException refusal(String message) {
    return new ParameterException(spec.commandLine(), message, new IllegalArgumentException(message));
  }

  private HmacSha256Pseudonymizer create() {
    int keys = (keyFile != null ? 1 : 0) + (keySource != null ? 1 : 0) + (keyHex != null ? 1 : 0);
    if (keys != 1) {
      throw usage("give exactly one of --key-file, --key-source or --key-hex");
    }
    Parameters.Builder params = Parameters.builder("options").put("encoding", encoding)
        .put("allowShortTokens", allowShortTokens);
    if (length != null) {
      params.put("length", (long) length);
    }
    if (prefix != null) {
      params.put("prefix", prefix);
    }
    TransformerContext.Builder context = TransformerContext.builder(HmacSha256Pseudonymizer.NAME)
        .parameters(params.build());
    if (policy != null) {
      return fromPolicy(context);
    }
    if (mode != null) {
      throw usage("--mode goes with --policy");
    }
    if (keyHex != null) {
      if (field != null || domain != null || keyId != null || manifest != null) {
        throw usage("--field, --domain, --key-id and --manifest derive a key from a master key; they cannot be used with --key-hex");
      }
      SecretBytes secret;
      try {
        secret = SecretBytes.fromHex(keyHex, SecretAccess.get());
      } catch (IllegalArgumentException e) {
        throw usage("--key-hex: " + e.getMessage()); // the message gives a position, never the key
      }
      context.directKey(DerivedKey.direct(secret));
    } else {
      if (field == null && domain == null) {
        throw usage("--field or --domain is required with --key-file or --key-source");
      }
      if (domain != null && domain.isEmpty()) {
        throw usage("--domain must not be empty");
      }
      // a key file others can read is warned about once, by KeyFiles' logger, as in every other command
      String source = keyFile != null ? "file:" + keyFile : keySource;
      String expected = ExpectedKey.of(keyId, manifest, this::usage);
      MasterKey master = keySources.apply(source).load(expected);
      // with a domain, the key purpose is anonkit/v1/hmac/<domain>: the field is for messages only
      context.masterKey(master).field(field != null ? field : "*").linkageDomain(domain);
    }
    try {
      return HmacSha256Pseudonymizer.create(context.build());
    } catch (PolicyException e) {
      throw usage(e.getMessage().replace("options.allowShortTokens", "--allow-short-tokens")
          .replace("allowShortTokens: true", "--allow-short-tokens").replace("options.", "--"));
    }
  }

  /** The pseudonymizer of the run's policy rule ({@link PolicyRule}); its settings are the rule's. */
  private HmacSha256Pseudonymizer fromPolicy(TransformerContext.Builder context) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (keyHex != null || parsed.hasMatchedOption("--encoding") || length != null || prefix != null
        || allowShortTokens) {
      throw refusal("--policy gives the rule's settings: leave out --key-hex, --encoding, --length, --prefix and "
          + "--allow-short-tokens, or --policy");
    }
    if ((keyFile != null) == (keySource != null)) {
      throw usage("give exactly one of --key-file or --key-source with --policy");
    }
    PolicyRule rule = PolicyRule.resolve(policy, mode, manifest, field, domain, this::refusal);
    String refusal = rule.notReversibleBy("hmac");
    if (rule.action == FieldRule.Action.TRANSFORM && !rule.transformer.equals(HmacSha256Pseudonymizer.NAME)) {
      refusal = rule.transformer.equals(ScrubTextProvider.NAME)
          ? rule.spanBySpan("give --domain for the kind of value (name, user, token-subject, ...)")
          : rule.where() + " has transformer " + rule.transformer + ", not hmac: it decrypts with 'anonkit "
          + (rule.transformer.equals("ip")
          || rule.transformer.equals("cryptopan") ? "cryptopan" : "fpe") + " --policy ... --decrypt'";
    } else if (rule.action == FieldRule.Action.TRANSFORM) {
      refusal = null; // hmac: what this command computes
    }
    if (refusal != null) {
      throw refusal(refusal);
    }
    String source = keyFile != null ? "file:" + keyFile : keySource;
    MasterKey master = keySources.apply(source).load(ExpectedKey.of(keyId, manifest, this::usage));
    policyUserNames = rule.userNames;
    context.parameters(rule.parameters).masterKey(master).field(rule.field).linkageDomain(rule.domain);
    try {
      return HmacSha256Pseudonymizer.create(context.build());
    } catch (PolicyException e) {
      throw new AnonException("--policy " + policy + ": " + e.getMessage(), e);
    }
  }

  /**
   * Streams stdin to stdout, one token per line ({@link LineFilter}: a line that is not UTF-8 gets an empty
   * line and a message naming it); flushes whenever input would block, so interactive use answers at once.
   *
   * @return the number of lines that failed
   */
  private long pseudonymize(HmacSha256Pseudonymizer hmac, PrintWriter err) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    return LineFilter.run(new Utf8Lines(in, true), writer, err, "hmac", v -> hmac.apply(spelled(v)));
  }

  /** The value as the pipeline spells it before tokenizing: with {@code --user-names}, a user name's spelling. */
  private CharSequence spelled(CharSequence value) {
    return userNames || policyUserNames ? ScrubTextProvider.spellUserName(value) : value;
  }

}
