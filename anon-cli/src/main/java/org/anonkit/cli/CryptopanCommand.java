package org.anonkit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.cryptopan.CryptoPan;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.TransformerContext;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit cryptopan --key-hex HEX64 [--decrypt]}: Crypto-PAn over one IPv4 or IPv6 address per
 * line, stdin to stdout, with the 32-byte key used directly (no derivation), so published vectors and
 * other Crypto-PAn tools (pcap pipelines) give the same results. The plain reference mapping: no
 * options, IPv4-mapped IPv6 treated as any 128-bit address.
 *
 * <p>{@code anonkit cryptopan --key-file K [--domain ip] [--format uint32] [--key-id ID|--manifest M]
 * [--decrypt]}: the key derived from the master key and the {@code ip} transformer's defaults, exactly as a
 * run anonymizes an IP field of that domain (the same as {@code anonkit fpe --transformer ip}), so the key
 * holder decrypts a run's addresses and, with {@code --format uint32}, their {@code _u32} integer twins.
 * {@code --policy FILE|bundled:htcondor --field NAME|--domain D [--mode M]} takes the transformer's domain
 * and settings from the run's policy rule instead ({@link PolicyRule}; {@code --field
 * JobsubClientIpAddress_u32} for a twin), checked against {@code --manifest}'s policy hash and mode.
 *
 * <p>Every input line gets one output line; a line that is not an address gets an empty one and a message
 * naming the line number, never its content ({@link LineFilter}). Exit 0 when every line was transformed,
 * 1 when any line failed (after the last line), 2 for usage errors. Not thread-safe.
 */
@Command(name = "cryptopan", mixinStandardHelpOptions = true,
    description = {"Crypto-PAn prefix-preserving anonymization of IP addresses, one per line (stdin to stdout).",
        "--key-hex uses the key directly (reference-compatible vectors); --key-file derives it from the master key "
        + "as a run's ip transformer does (domain ip by default), so a run's addresses and _u32 integers decrypt.",
        "--policy FILE|bundled:htcondor with --field NAME or --domain D takes the rule from the run's policy, e.g.",
        "  echo ADDRESS | anonkit cryptopan --policy bundled:htcondor --domain ip --key-file K \\",
        "      --manifest OUT/share/manifest.json --decrypt"})
public final class CryptopanCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--key-hex", paramLabel = "HEX64",
      description = "the 32-byte Crypto-PAn key as 64 hex digits (16 bytes AES key, 16 bytes pad), used directly: "
          + "the plain reference mapping (published vectors, other Crypto-PAn tools)")
  private String keyHex;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "instead of --key-hex: the master key file; the key is derived as a run derives the ip "
          + "transformer's (HKDF, purpose anonkit/v1/cryptopan/<domain>), with its settings, so a run's IPs decrypt")
  private java.nio.file.Path keyFile;

  @Option(names = "--policy", paramLabel = "FILE|bundled:NAME",
      description = "with --key-file: the run's policy (the file 'anonkit run --policy' was given, or bundled:htcondor): "
          + "the domain and settings are its ip rule for --field (<Field>_u32 for an integer twin) or for --domain's "
          + "addresses, in the run's mode; with --manifest its SHA-256 and the mode must be the run's. Not with --format")
  private String policy;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "with --policy: the run's mode (default: the manifest's policy.mode with --manifest, else hmac)")
  private String mode;

  @Option(names = "--domain", paramLabel = "D",
      description = "with --key-file: the linkage domain (default ip, the shipped policy's; give --field without "
          + "--domain for a field the policy puts in no domain)")
  private String domain;

  @Option(names = "--field", paramLabel = "NAME",
      description = "with --key-file and no --domain: the field whose own key is derived")
  private String field;

  @Option(names = "--format", paramLabel = "text|uint32", defaultValue = "text",
      description = "with --key-file: text (dotted quad / IPv6, default) or uint32 (an IPv4 address as an unsigned "
          + "32-bit integer: a run's <field>_u32 twins, such as JobsubClientIpAddress_u32)")
  private String format;

  @Option(names = "--key-id", paramLabel = "ID",
      description = "with --key-file: expected master key id; a key file holding another key is refused (exit 1)")
  private String keyId;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "with --key-file: a run's share/manifest.json; its key id is expected, as with --key-id; with "
          + "--policy, its policy hash and mode too")
  private java.nio.file.Path manifest;

  @Option(names = "--decrypt", description = "invert the mapping (anonymized address in, original out)")
  private boolean decrypt;

  private final InputStream in;
  private final OutputStream out;
  private final PrintStream err;

  /** Reads {@code System.in}, writes {@code System.out} and {@code System.err}. */
  public CryptopanCommand() {
    this(System.in, System.out, System.err);
  }

  /** For tests and embedding: the streams to use. */
  public CryptopanCommand(InputStream in, OutputStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    if ((keyHex == null) == (keyFile == null)) {
      throw usage("give exactly one of --key-hex (the key itself) and --key-file (a master key, derived as a run does)");
    }
    LineFilter.Op op;
    if (keyHex != null) {
      if (domain != null || field != null || keyId != null || manifest != null || !format.equals("text")
          || policy != null || mode != null) {
        throw usage("--domain, --field, --format, --key-id, --manifest, --policy and --mode go with --key-file; --key-hex is the plain "
            + "reference mapping of text addresses");
      }
      if (keyHex.length() != 2 * CryptoPan.KEY_LENGTH) {
        throw usage("--key-hex must be " + 2 * CryptoPan.KEY_LENGTH + " hex digits, got " + keyHex.length());
      }
      SecretBytes secret;
      try {
        secret = SecretBytes.fromHex(keyHex, SecretAccess.get());
      } catch (IllegalArgumentException e) {
        throw usage("--key-hex: " + e.getMessage());
      }
      CryptoPan pan = CryptoPan.create(DerivedKey.direct(secret));
      op = decrypt ? pan::reverse : pan::anonymize;
    } else {
      try {
        op = derived();
      } catch (PolicyException e) {
        throw usage(e.getMessage());
      } catch (AnonException e) {
        errWriter.println("anonkit cryptopan: " + e.getMessage());
        return 1;
      }
    }
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    return LineFilter.run(in, writer, errWriter, "cryptopan", op) > 0 ? 1 : 0;
  }

  /** The ip transformer a run uses, keyed from the master key file. */
  private LineFilter.Op derived() {
    if (policy != null) {
      return fromPolicy();
    }
    if (mode != null) {
      throw usage("--mode goes with --policy");
    }
    if (!format.equals("text") && !format.equals("uint32")) {
      throw usage("--format must be text or uint32");
    }
    if (domain != null && domain.isEmpty()) {
      throw usage("--domain must not be empty");
    }
    String expected = ExpectedKey.of(keyId, manifest, this::usage);
    MasterKey key = KeySources.open("file:" + keyFile).load(expected);
    String d = domain != null ? domain : field != null ? null : "ip";
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    Transformer t = registry.create(TransformerContext.builder("ip").field(field != null ? field : d)
        .linkageDomain(d).parameters(Parameters.builder("--format").put("format", format).build())
        .masterKey(key).registry(registry).build());
    if (!decrypt) {
      return t::apply;
    }
    ReversibleTransformer rt = (ReversibleTransformer) t;
    return rt::reverse;
  }

  /** The run's policy rule for --field or --domain ({@link PolicyRule}), keyed from the master key file. */
  private LineFilter.Op fromPolicy() {
    if (spec.commandLine().getParseResult().hasMatchedOption("--format")) {
      throw refusal("--policy gives the rule's format: leave out --format (give --field <Field>_u32 for a run's integer "
          + "twin of an IP field), or --policy");
    }
    PolicyRule rule = PolicyRule.resolve(policy, mode, manifest, field, domain, this::refusal);
    String refusal = rule.notReversibleBy("cryptopan");
    if (refusal != null) {
      throw refusal(refusal);
    }
    Transformer t = rule.create(KeySources.open("file:" + keyFile).load(ExpectedKey.of(keyId, manifest, this::usage)));
    if (!decrypt) {
      return t::apply;
    }
    return ((ReversibleTransformer) t)::reverse;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** A usage error that explains itself: printed without the usage text after it ({@link Main}). */
  private CommandLine.ParameterException refusal(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message, new IllegalArgumentException(message));
  }
}
