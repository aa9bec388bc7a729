package org.anonkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.fpe.Ff3_1Cipher;
import org.anonkit.fpe.FormatPreservingCipher;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.spi.TransformerContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit fpe}: format-preserving encryption of one value per line, stdin to stdout.
 *
 * <p>Vector mode ({@code --alg ff1|ff3-1 --key-hex HEX [--tweak-hex HEX] --alphabet CHARS|--radix N})
 * uses the key exactly as given, for checking published test vectors and for shell pipelines. Transformer
 * mode derives the key from a master key file exactly as a policy run does, so its tokens equal the
 * pipeline's and {@code --decrypt} re-identifies them: with {@code --policy FILE|bundled:htcondor --field
 * NAME|--domain D [--mode M] [--manifest share/manifest.json]} the transformer, domain and parameters are the
 * run's policy's rule ({@link PolicyRule}); explicitly, {@code --transformer
 * email|phone|dn|hostname|numeric-id|ff1|ff3-1|ip|cryptopan [--param ...] --field NAME|--domain D}. With a
 * domain, the field does not enter the key (the key purpose is {@code anonkit/v1/<transformer>/<domain>}):
 * {@code --field} is then optional.
 *
 * <p>Every input line gets one output line; a line that cannot be processed gets an empty one and a
 * message giving its number and the reason, never the value ({@link LineFilter}). Exit codes: 0 ok, 1 data
 * error (the key, or any line that could not be processed; exit comes after the last line), 2 usage error. Not thread-safe (one instance per invocation).
 */
@Command(
    name = "fpe",
    mixinStandardHelpOptions = true,
    description = {
        "Format-preserving encryption (NIST SP 800-38G Rev 1 FF1; FF3-1 for interoperability only, "
        + "deprecated), one value per line from stdin to stdout. "
        + "Vector mode uses --key-hex directly; transformer mode derives the field's key from --key-file.",
        "",
        "A key holder reversing a run's values: the rule from the run's own policy, checked against its manifest:",
        "  echo TOKEN | anonkit fpe --policy bundled:htcondor --field Owner \\",
        "      --key-file K --manifest OUT/share/manifest.json --decrypt",
        "--domain user (or host, phone) instead of --field for a value found inside free text; docs/reversing.md "
        + "gives the command for each kind of value.",
        ""},
    footer = {"", "Every input line gets one output line; a line that cannot be processed gets an empty one and a "
        + "message on stderr naming its number, never its value.",
        "Exit codes: 0 ok, 1 data error (the key or policy is not the manifest's, or any line failed; after the last "
        + "line), 2 usage error."})
public final class FpeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final InputStream in;
  private final Writer outWriter;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Direction direction;

  static final class Direction {
    @Option(names = "--encrypt", required = true, description = "Encrypt each line.") boolean encrypt;
    @Option(names = "--decrypt", required = true, description = "Decrypt each line.") boolean decrypt;
  }

  @Option(names = "--alg", paramLabel = "ff1|ff3-1", description = "Vector mode: the cipher (default ff1).")
  String alg;

  @Option(names = "--key-hex", paramLabel = "HEX", description = "Vector mode: AES key, 32/48/64 hex digits, used directly.")
  String keyHex;

  @Option(names = "--tweak-hex", paramLabel = "HEX", description = "Vector mode: tweak (FF1: 0 or more bytes; FF3-1: exactly 14 hex digits).")
  String tweakHex;

  @Option(names = "--alphabet", paramLabel = "CHARS", description = "Vector mode: the alphabet's characters in numeral order.")
  String alphabet;

  @Option(names = "--radix", paramLabel = "N", description = "Vector mode: radix 2..36 over 0-9a-z (the NIST samples' convention).")
  Integer radix;

  @Option(names = "--policy", paramLabel = "FILE|bundled:NAME", description = "Transformer mode: the run's policy "
      + "(the file 'anonkit run --policy' was given, or bundled:htcondor): the transformer, domain and parameters are "
      + "its rule for --field (matched case-insensitively; <Field>_u32 for an IP field's integer twin), or for the "
      + "identity values of --domain (a user, host or phone found in free text), in the run's mode. With --manifest "
      + "its SHA-256 and the mode must be the run's. Not with --transformer, --param or --param-list.")
  String policy;

  @Option(names = "--mode", paramLabel = "MODE", description = "With --policy: the run's mode (default: the "
      + "manifest's policy.mode with --manifest, else hmac, the policy as written).")
  String mode;

  @Option(names = "--transformer", paramLabel = "NAME", description = "Transformer mode: the transformer as the policy "
      + "names it. Reversible (--decrypt): ff1, ff3-1, numeric-id, email, phone, dn, hostname, ip and cryptopan "
      + "(one transformer; --param format=uint32 for the _u32 integer twins). The registry's others (hmac, sinful, "
      + "scrub-text, generalize-ip, generalize-map, generalize-number, generalize-time) --encrypt only. "
      + "docs/reversing.md gives the settings for each kind of value of a run.")
  String transformer;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Transformer mode: the master key file (from 'anonkit keygen').")
  String keyFile;

  @Option(names = "--key-id", paramLabel = "ID", description = "Transformer mode: expected master key id; a key file "
      + "holding another key is refused (exit 1) instead of decrypting to wrong values.")
  String keyId;

  @Option(names = "--manifest", paramLabel = "FILE", description = "Transformer mode: a run's share/manifest.json; "
      + "its key id is expected, as with --key-id; with --policy, its policy hash and mode too.")
  java.nio.file.Path manifest;

  @Option(names = "--field", paramLabel = "NAME", description = "Transformer mode: the field name: part of the key "
      + "derivation when there is no domain; with --domain it is not, and may be left out.")
  String field;

  @Option(names = "--domain", paramLabel = "D", description = "Transformer mode: the linkage domain, if the policy "
      + "gives one; with --policy and no --field, the rule of that domain's identity values (user, host, phone, ip).")
  String domain;

  @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Transformer mode: a parameter (repeatable); strings, except radix=N.")
  List<String> params = new ArrayList<>();

  @Option(names = "--param-list", paramLabel = "NAME=V1,V2", description = "Transformer mode: a list-of-strings parameter, e.g. keepSuffixes=.fnal.gov (repeatable).")
  List<String> listParams = new ArrayList<>();

  /** Reads standard input and writes to the command line's output. */
  public FpeCommand() {
    this(System.in, null);
  }

  /** Reads {@code in} and writes to {@code out} (tests). */
  public FpeCommand(InputStream in, Writer out) {
    this.in = in;
    this.outWriter = out;
  }

  @Override
  public Integer call() throws IOException {
    boolean vectorMode = keyHex != null || alg != null || tweakHex != null || alphabet != null || radix != null;
    boolean transformerMode = transformer != null || keyFile != null || field != null || domain != null
        || keyId != null || manifest != null || !params.isEmpty() || !listParams.isEmpty() || policy != null
        || mode != null;
    if (vectorMode == transformerMode) {
      throw usage("use either vector mode (--key-hex with --alphabet or --radix) or transformer mode"
          + " (--key-file with --policy or --transformer, and --field or --domain)");
    }
    PrintWriter err = spec.commandLine().getErr();
    Line op;
    try {
      op = vectorMode ? vectorMode() : transformerMode();
    } catch (org.anonkit.PolicyException e) { // a --param the transformer rejects: a usage error
      err.println("anonkit fpe: " + e.getMessage());
      err.flush();
      return 2;
    } catch (AnonException e) {
      err.println("anonkit fpe: " + e.getMessage());
      err.flush();
      return 1;
    }
    Writer out = outWriter != null ? outWriter : spec.commandLine().getOut();
    return LineFilter.run(in, out, err, "fpe", op::apply) > 0 ? 1 : 0;
  }

  @FunctionalInterface
  private interface Line {
    String apply(String value);
  }

  @SuppressWarnings("deprecation") // FF3-1 is offered for interoperability only
  private Line vectorMode() {
    if (keyHex == null) {
      throw usage("vector mode needs --key-hex");
    }
    if ((alphabet == null) == (radix == null)) {
      throw usage("vector mode needs exactly one of --alphabet and --radix");
    }
    String algorithm = alg == null ? "ff1" : alg;
    Alphabet a;
    try {
      a = alphabet != null ? Alphabet.of(alphabet) : Alphabet.ofRadix(radix);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    DerivedKey key;
    byte[] tweak;
    try {
      key = DerivedKey.direct(SecretBytes.fromHex(keyHex, SecretAccess.get()));
      tweak = tweakHex == null || tweakHex.isEmpty() ? new byte[0] : SecretBytes.fromHex(tweakHex, SecretAccess.get()).toByteArray(SecretAccess.get());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage().replace("hex key", "hex value"));
    }
    FormatPreservingCipher cipher;
    try {
      switch (algorithm) {
        case "ff1":
          cipher = Ff1Cipher.create(key, a).withTweak(tweak);
          break;
        case "ff3-1":
          cipher = Ff3_1Cipher.create(key, a, tweak);
          break;
        default:
          throw usage("--alg must be ff1 or ff3-1");
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    boolean enc = direction.encrypt;
    return v -> enc ? cipher.encrypt(v) : cipher.decrypt(v);
  }

  private Line transformerMode() {
    if (policy != null) {
      return policyMode();
    }
    if (mode != null) {
      throw usage("--mode goes with --policy");
    }
    if (transformer == null || keyFile == null || (field == null && domain == null)) {
      throw usage("transformer mode needs --key-file, and --policy or --transformer, and --field or --domain");
    }
    if (domain != null && domain.isEmpty()) {
      throw usage("--domain must not be empty");
    }
    String expected = ExpectedKey.of(keyId, manifest, this::usage);
    MasterKey key = KeySources.open("file:" + keyFile).load(expected);
    Parameters.Builder pb = Parameters.builder("--param");
    for (String p : params) {
      String[] kv = split(p);
      if (kv[0].equals("radix") && kv[1].matches("[0-9]{1,9}")) {
        pb.put(kv[0], Integer.parseInt(kv[1])); // the one integer parameter of these transformers
      } else {
        pb.put(kv[0], kv[1]);
      }
    }
    for (String p : listParams) {
      String[] kv = split(p);
      pb.put(kv[0], Arrays.asList(kv[1].split(",")));
    }
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    if (!registry.contains(transformer)) {
      throw usage("unknown transformer '" + transformer + "'; available: " + registry.names());
    }
    // with a domain, the key purpose is anonkit/v1/<transformer>/<domain>: the field is for messages only
    Transformer t = registry.create(TransformerContext.builder(transformer).field(field != null ? field : "*")
        .linkageDomain(domain).parameters(pb.build()).masterKey(key).registry(registry).build());
    if (direction.encrypt) {
      return t::apply;
    }
    if (!(t instanceof ReversibleTransformer)) {
      throw usage("transformer '" + transformer + "' with these parameters is not reversible");
    }
    ReversibleTransformer rt = (ReversibleTransformer) t;
    PrintWriter err = spec.commandLine().getErr();
    if (transformer.equals("email") || transformer.equals("dn")) {
      // review 41 F2: a run's scrub-text writes e-mail addresses and DNs part by part, which these
      // transformers do not decrypt (they gave plausible wrong values with exit 0); said before any line
      err.println("anonkit fpe: warning: --transformer " + transformer + " decrypts only values a policy rule with "
          + "transformer '" + transformer + "' wrote. A run's free text and DN fields (the shipped policy) are "
          + "tokenized part by part: a user name or UID with ff1 in domain user, a mail domain with hostname in "
          + "domain host, a CN with hmac in domain name (not reversible); decrypting those with '" + transformer
          + "' prints wrong values. See docs/reversing.md.");
      err.flush();
    }
    if (domain == null) {
      err.println("anonkit fpe: note: no --domain: the key is derived for field '" + field + "'. A field the policy "
          + "puts in a linkage domain (the shipped policy: users in user, hosts in host, IPs in ip) decrypts only "
          + "with --domain; without it every value decrypts to a wrong one. --policy gives the domain the run used.");
      err.flush();
    }
    return rt::reverse;
  }

  /** Transformer mode with the rule of the run's policy ({@link PolicyRule}). */
  private Line policyMode() {
    if (transformer != null || !params.isEmpty() || !listParams.isEmpty()) {
      throw refusal("--policy gives the transformer and its parameters (the run's rule): leave out --transformer, "
          + "--param and --param-list, or --policy");
    }
    if (keyFile == null) {
      throw usage("--policy needs --key-file");
    }
    PolicyRule rule = PolicyRule.resolve(policy, mode, manifest, field, domain, this::refusal);
    String refusal;
    if (rule.action != FieldRule.Action.TRANSFORM || direction.decrypt) {
      refusal = rule.notReversibleBy("fpe");
    } else if (rule.transformer.equals(ScrubTextProvider.NAME)) { // its spans depend on the run's dictionary
      refusal = rule.spanBySpan("encrypt a user, host or phone with --domain");
    } else {
      refusal = null;
    }
    if (refusal != null) {
      throw refusal(refusal);
    }
    Transformer t = rule.create(KeySources.open("file:" + keyFile).load(ExpectedKey.of(keyId, manifest, this::usage)));
    if (direction.encrypt) {
      // a run spells a user name before tokenizing it (MRasmuss as mrasmuss): candidates get the run's tokens
      return rule.userNames ? v -> t.apply(ScrubTextProvider.spellUserName(v)) : t::apply;
    }
    if (!(t instanceof ReversibleTransformer)) {
      throw refusal(rule.where() + " has transformer " + rule.transformer + ", which does not decrypt");
    }
    return ((ReversibleTransformer) t)::reverse;
  }

  /**
   * A usage error about the run's policy (exit 2) that explains itself: printed without the whole usage text
   * after it ({@link Main}), which hid the message.
   */
  private ParameterException refusal(String message) {
    return new ParameterException(spec.commandLine(), message, new IllegalArgumentException(message));
  }

  private String[] split(String p) {
    int eq = p.indexOf('=');
    if (eq <= 0) {
      throw usage("parameters look like NAME=VALUE");
    }
    return new String[] {p.substring(0, eq), p.substring(eq + 1)};
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
