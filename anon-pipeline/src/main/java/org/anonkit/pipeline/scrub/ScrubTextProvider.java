package org.anonkit.pipeline.scrub;

import java.util.List;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider of {@code scrub-text}: free text (hold reasons, arguments, environments, paths) scanned for
 * identifiers, each replaced by the token its kind gets in the identity fields, so joins survive in
 * text too.
 *
 * <h2>What is found</h2>
 * <ul>
 *   <li>x509 distinguished names in slash form ({@code /DC=org/.../CN=Jane Doe/CN=UID:jdoe}) and in RFC 4514's
 *       comma form ({@code CN=Jane Doe,OU=People,DC=org}, {@code C = US, O = Org, CN = Jane Roe}: two RDNs or
 *       more, one naming a person);
 *   <li>HTCondor sinful strings ({@code <131.225.1.2:9618?addrs=...&alias=host>}, also starting with a
 *       host name: {@code <wn1.fnal.gov:9618?...>}), including the dash-for-colon IPv6 spelling inside
 *       {@code addrs=};
 *   <li>e-mail addresses; {@code slot1_2@host} and {@code glidein_1_2@host} are slot names, not e-mail:
 *       their host and glidein id go through {@code host}; {@code 123.4@schedd.example.org} is a job id at a host;
 *   <li>IPv4 and IPv6 addresses, and an IPv4 address spelled with dashes inside a name
 *       ({@code CRUSH-OSG-C7-10-5-49-28}, {@code ip-10-0-0-1}: exactly four numbers of at most 255 in a
 *       row between dashes, or such four and a port of four or five digits), replaced through
 *       {@code ip} and written with dashes (also inside a host name that is otherwise kept), or with
 *       {@code hostNames} the whole host name through {@code host}; phone numbers written with
 *       separators ({@code 630-840-1234}, {@code (630) 840-1234}, {@code +1 630 840 1234});
 *   <li>user names in well-known places: {@code /home/jdoe}, {@code /nashome/j/jdoe},
 *       {@code /pnfs/<exp>/scratch/users/jdoe}, {@code .../persistent/users/jdoe},
 *       {@code /fife/local/scratch/uploads/<exp>/jdoe}, {@code x509cc_jdoe_Analysis},
 *       {@code GRID_USER=jdoe}, {@code USER=jdoe}, {@code (by user jdoe)}; numeric user ids in
 *       {@code /run/user/51234}, the proxy file {@code x509up_u51234}, the Kerberos ticket caches {@code krb5cc_51234},
 *       {@code KEYRING:persistent:51234} and {@code KCM:51234}, and the token files {@code bt_u51234} and
 *       {@code vt_u51234} (as user names);
 *   <li>every name of a dictionary, in any script, as a whole word (not next to a letter or digit of any
 *       script) and case-insensitively (each code point folded by
 *       {@code Character.toLowerCase(Character.toUpperCase(c))}); a name is replaced as its folded
 *       spelling, so {@code José} and {@code JOSÉ} get the token of {@code josé}; a full name's space
 *       matches any run of white space or one '.', '_' or '-', and it is found last name first too
 *       ({@code Doe, Jane}), all with the token of {@code jane doe}.
 * </ul>
 * One left-to-right scan of the text finds the dictionary's names and notes the trigger characters
 * ('@', '.', ':', '/', '=', '&lt;', '+', '(', digits, "by "); each detector then starts only from the
 * positions it needs, and a text without triggers and names is returned as it is.
 * Overlaps resolve to the leftmost span, then the most specific kind (in the order above), then the
 * longest; the part of a losing span that runs past the winner and that no other span covers becomes
 * that kind's marker when it holds a letter or digit (kept where the kind's handler keeps its text), so
 * no part of a found span stays in clear. Text between spans is kept.
 *
 * <h2>Parameters</h2>
 * Each kind has a handler: an object {@code {"transformer": NAME, "params": {...}, "domain": D}}
 * creating a child transformer through {@link TransformerContext#createChild} (so the same key
 * purpose, hence the same token, as a field with that transformer and linkage domain), or a string:
 * {@code "redact"} (a marker such as {@code [ip]}), {@code "keep"} (only for {@code host}), or
 * {@code "internal"}.
 * <ul>
 *   <li>{@code user} (required): user names; {@code name}: full names in a DN's CN (default: as user);
 *   <li>{@code email} (default {@code internal}: local part as a user name, domain kept; a sub-address
 *       {@code jdoe+alerts@...}, RFC 5233, as two user names, {@code jdoe} and {@code alerts}, around its '+');
 *   <li>{@code dn} (default {@code internal}: DC/C/O/OU kept, scrubbed as free text,
 *       {@code CN=UID:x} and {@code UID} as user names, other CNs as names, emailAddress as e-mail, the
 *       value of any other attribute (SN, GN, L, ST, serialNumber, a misspelt key) as a name);
 *   <li>{@code ip} (default {@code redact}); {@code sinful} (default {@code internal}: every address
 *       inside through {@code ip}, the alias through {@code host}); {@code phone} (default
 *       {@code redact}); {@code host} (default {@code keep}: host names only in slot names and
 *       sinful aliases);
 *   <li>{@code names}: the dictionary (list of strings); {@code minNameLength} (default 3): shorter
 *       names are not matched as free words (they are still found in the places listed above);
 *   <li>{@code userContexts} (default true): whether to look for user names in the places above;
 *   <li>{@code hostNames} (default false): whether any fully qualified host name in the text
 *       ({@code name.domain.tld}) and any name spelling an address with dashes goes through
 *       {@code host}, not only those of slot names and sinful aliases; e-mail domains then go through
 *       {@code host} too;
 *   <li>{@code pathSegments} (default false): for path fields (Iwd, Cmd, UserLog, ...), every directory
 *       name of an absolute path that looks like a user name ({@code [a-z][a-z0-9]{2,15}}) and is not a
 *       common path word is replaced as a user name: catches accounts that appear in no identity field
 *       (a shared production account's files under a person's directory); the last segment, a file
 *       name, is kept;
 *   <li>{@code directoryPaths} (default false; with {@code pathSegments}): the field's paths name
 *       directories (Iwd, RootDir), so their last segment is checked too: {@code /data/cse496/jdoe}.
 *   <li>{@code imageReferences} (default false): for container image fields (DockerImage,
 *       ContainerImage, SingularityImage): in every image reference or path ({@code jdoe/tool:1.0},
 *       {@code docker://ghcr.io/jdoe/tool}, {@code /cvmfs/singularity.opensciencegrid.org/jdoe/tool:1.0}),
 *       each component before the repository name (the last one, trailing slashes after its tag aside)
 *       is replaced as a user name, whatever its shape, unless it is a reference's registry (its first
 *       component, with a '.' or ':' or {@code localhost}), a path's host name (two dots or more, ending
 *       in a top-level domain), a common path word or one of {@code publicNamespaces} (list of strings,
 *       compared as written; default
 *       {@code ["library"]}, Docker's official images): a namespace is an organization or a person, and
 *       nothing in the reference tells which, so only those listed stay. A replaced namespace is
 *       replaced in the repository name and tag too where it is a whole word ({@code jdoe/jdoe-tools}).
 * </ul>
 *
 * <h2>Determinism</h2>
 * The dictionary is a parameter, fixed before the run starts: the pipeline collects it in a first
 * pass over the identity fields (see {@code org.anonkit.pipeline}) or the policy lists it. It never
 * grows while records are processed, so the output does not depend on processing order or thread
 * count.
 *
 * <p><b>Sharing.</b> Within one compiled policy, rules with equal parameters get one instance (through
 * {@link TransformerContext#shared}), whose span memos and composite caches then serve all their
 * fields; a handler without a {@code domain} of its own takes the field's, and rules of different
 * fields then get instances of their own. This relies on the SPI's rule that a child's results depend
 * on the field only through its key domain (see {@link TransformerContext}): a third-party child that
 * varied its tokens by field name within one domain would get the first rule's field for all.
 *
 * <p><b>Failure.</b> A child that rejects a span gets the span replaced by the kind's marker, never the
 * clear text. Messages never contain the text.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScrubTextProvider implements TransformerProvider {
  /** The provider name used in policies. */
  public static final String NAME = "scrub-text";

  /** Creates the provider (ServiceLoader needs the public no-argument constructor). */
  public ScrubTextProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "finds user names, e-mails, DNs, IPs, sinful strings and phones in free text and replaces "
        + "each by the token its kind gets elsewhere";
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters();
    p.requireOnly("transformer '" + NAME + "'", "user", "name", "email", "dn", "ip", "sinful", "phone", "host",
        "names", "minNameLength", "userContexts", "hostNames", "pathSegments", "directoryPaths", "imageReferences",
        "publicNamespaces");
    if (p.getBoolean("directoryPaths", false) && !p.getBoolean("pathSegments", false)) {
      throw new PolicyException(p.pathOf("directoryPaths"), "directoryPaths applies to pathSegments: set "
          + "\"pathSegments\": true too");
    }
    if (p.has("publicNamespaces") && !p.getBoolean("imageReferences", false)) {
      throw new PolicyException(p.pathOf("publicNamespaces"), "publicNamespaces applies to imageReferences: set "
          + "\"imageReferences\": true too");
    }
    if (!p.has("user")) {
      throw new PolicyException(p.pathOf("user"), "scrub-text needs a 'user' handler, e.g. "
          + "{\"transformer\": \"hmac\", \"domain\": \"user\"}, so user names in text get the Owner field's tokens"
          + " (a policy with a 'scrub' section: compile Pipeline.resolvePolicy(policy, mode, names))");
    }
    // Rules with equal parameters share one instance, so its span memos and caches serve every field:
    // a worker node's sinful string, rewritten for StartdIpAddr, is found again in the same record's claim
    // ids. The children's keys depend on the field only through a handler without a domain of its own.
    boolean fieldBound = false;
    for (String kind : HANDLERS) {
      Object spec = p.get(kind); // malformed specs are reported by build(), in the usual order
      fieldBound |= spec instanceof Parameters && !((Parameters) spec).has("domain");
    }
    Object key = fieldBound ? List.of(p, context.keyDomain()) : List.of(p);
    return context.shared(key, ScrubText.class, () -> build(context, p));
  }

  private static final String[] HANDLERS = {"user", "name", "email", "dn", "ip", "sinful", "phone", "host"};

  private static ScrubText build(TransformerContext context, Parameters p) {
    ScrubText.Handler user = handler(context, p, "user", "redact", false);
    ScrubText.Handler name = p.has("name") ? handler(context, p, "name", "redact", false) : user;
    List<String> names = p.getStringList("names");
    int minLength = p.getInt("minNameLength", 3, 1, 64);
    return new ScrubText(user,
        handler(context, p, "email", "internal", false),
        handler(context, p, "dn", "internal", false),
        handler(context, p, "ip", "redact", false),
        handler(context, p, "sinful", "internal", false),
        handler(context, p, "phone", "redact", false),
        handler(context, p, "host", "keep", true),
        name,
        dictionary(names, minLength),
        p.getBoolean("userContexts", true),
        p.getBoolean("hostNames", false),
        p.getBoolean("pathSegments", false),
        p.getBoolean("directoryPaths", false),
        p.getBoolean("imageReferences", false) ? publicNamespaces(p) : null);
  }

  /**
   * Whether a {@code scrub-text} rule with these parameters reads its field's values as container image
   * references ({@code imageReferences}).
   */
  public static boolean readsImageReferences(Parameters params) {
    return params.getBoolean("imageReferences", false);
  }

  /**
   * The namespaces a {@code scrub-text} rule with these parameters keeps in image references: its
   * {@code publicNamespaces}, or the default ({@code library}).
   */
  public static java.util.Set<String> publicNamespaces(Parameters params) {
    return java.util.Set.copyOf(params.has("publicNamespaces") ? params.getStringList("publicNamespaces")
        : DEFAULT_PUBLIC_NAMESPACES);
  }

  /**
   * Adds to {@code out} the namespaces (as written) that {@code imageReferences} replaces in
   * {@code value} when {@code publicNamespaces} are kept and that name the image's publisher: every one
   * of a reference ({@code jdoe/tool:1.0}); of an image path only the last, the directory holding the
   * image ({@code /cvmfs/singularity.opensciencegrid.org/jdoe/tool:1.0}, {@code /staging/jdoe/tool.sif}),
   * not the site's directories above it. The dictionary pass collects them, so that a person known only
   * from an image reference is found in the run's free text too.
   */
  public static void imageNamespaces(String value, java.util.Set<String> publicNamespaces,
      java.util.Collection<String> out) {
    if (value == null || value.indexOf('/') < 0) {
      return;
    }
    java.util.List<Span> spans = new java.util.ArrayList<>();
    ScrubText.findImagePublishers(value, publicNamespaces, spans);
    for (Span sp : spans) {
      out.add(value.substring(sp.start, sp.end));
    }
  }

  /** The namespaces {@code imageReferences} keeps unless the policy lists others: Docker's official images. */
  static final List<String> DEFAULT_PUBLIC_NAMESPACES = List.of("library");

  /**
   * The last dictionary built, weakly held: a policy's scrub-text rules (dozens in the HTCondor policy)
   * usually share one dictionary, which is then built once instead of once per rule.
   */
  private static volatile java.lang.ref.WeakReference<NameDictionary> lastDictionary =
      new java.lang.ref.WeakReference<>(null);

  private static NameDictionary dictionary(List<String> names, int minLength) {
    NameDictionary d = lastDictionary.get();
    if (d != null && d.builtFrom(names, minLength)) {
      return d;
    }
    d = NameDictionary.of(names, minLength);
    lastDictionary = new java.lang.ref.WeakReference<>(d);
    return d;
  }

  private static ScrubText.Handler handler(TransformerContext context, Parameters p, String kind,
      String defaultMode, boolean keepAllowed) {
    Object v = p.get(kind);
    if (v == null) {
      v = defaultMode;
    }
    if (v instanceof String) {
      switch ((String) v) {
        case "redact":
          return new ScrubText.Handler(null, "[" + kind + "]", false);
        case "keep":
          if (!keepAllowed) {
            throw new PolicyException(p.pathOf(kind), "only 'host' may be kept in clear (fail-closed)");
          }
          return new ScrubText.Handler(null, null, true);
        case "internal":
          if (!(kind.equals("email") || kind.equals("dn") || kind.equals("sinful"))) {
            throw new PolicyException(p.pathOf(kind), "'internal' handling exists only for email, dn and sinful");
          }
          return new ScrubText.Handler(null, null, false);
        default:
          throw new PolicyException(p.pathOf(kind),
              "expected \"redact\", \"keep\", \"internal\" or {\"transformer\": ..., \"params\": {...}, \"domain\": ...}");
      }
    }
    Parameters spec = p.getParameters(kind);
    spec.requireOnly("scrub-text handler '" + kind + "'", "transformer", "params", "domain");
    String transformer = spec.requireString("transformer");
    if (transformer.equals(NAME)) {
      throw new PolicyException(spec.pathOf("transformer"), "scrub-text cannot call itself");
    }
    if (!context.registry().contains(transformer)) {
      throw new PolicyException(spec.pathOf("transformer"), "unknown transformer '" + transformer + "'; available: "
          + context.registry().names());
    }
    Parameters childParams = spec.getParameters("params"); // empty with its path when absent
    String domain = spec.getString("domain", null);
    // the child's key domain, as TransformerContext.createChild derives it: its own, else the rule's
    String keyDomain = domain != null ? domain.toLowerCase(java.util.Locale.ROOT) : context.keyDomain();
    return new ScrubText.Handler(context.createChild(transformer, childParams, domain), null, false, keyDomain);
  }

  @Override
  public String toString() {
    return "ScrubTextProvider";
  }

  /**
   * A user name as {@code scrub-text} spells it before its {@code user} handler tokenizes it: its
   * canonical spelling ({@link #foldName}), or {@code name} itself if that is empty (white space only).
   * What {@link #userSpelling} applies, for tools that must give a run's tokens (the CLI's
   * {@code hmac --user-names}) or count users as its tokens do (the DP and k-anonymity units).
   */
  public static String spellUserName(CharSequence name) {
    return ScrubText.canonicalUser(name.toString());
  }

  /**
   * How {@code scrub-text} spells the user names it hands its {@code user} handler, if {@code t} is a
   * {@code scrub-text} transformer whose user handler tokenizes in key domain {@code keyDomain} (compared
   * in lower case): every name in its canonical spelling ({@link #foldName}; a value of white space only
   * as it is), a function of the value alone, whatever the run's dictionary. {@code null} when {@code t}
   * is no {@code scrub-text} transformer, or its user handler redacts or tokenizes in another domain. A
   * field tokenized directly in that domain (the {@code Owner} rule's {@code hmac}, domain {@code user})
   * gets the token the same name gets in free text when its values are spelled so first: that is what
   * the pipeline's {@code RecordAnonymizer} does.
   */
  public static java.util.function.UnaryOperator<String> userSpelling(Transformer t, String keyDomain) {
    if (!(t instanceof ScrubText)) {
      return null;
    }
    String d = ((ScrubText) t).userKeyDomain();
    return d != null && d.equals(keyDomain.toLowerCase(java.util.Locale.ROOT)) ? ScrubText::canonicalUser : null;
  }

  /**
   * A name's canonical spelling, as {@code scrub-text}'s dictionary compares, stores and tokenizes
   * names: each code point {@code c} folded to {@code Character.toLowerCase(Character.toUpperCase(c))}
   * (unpaired surrogates kept; on ASCII, {@code toLowerCase(Locale.ROOT)}), and each run of white space
   * (a space, tab, no-break space, ...) written as one space, none at either end. Whoever collects
   * names for the dictionary (the pipeline's dictionary pass, a supplied list, its check and fingerprint)
   * spells them so.
   */
  public static String foldName(CharSequence name) {
    return NameDictionary.canonical(name);
  }

}
