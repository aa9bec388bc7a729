package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.anonkit.Anonymizer;
import org.anonkit.FieldPlan;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.Policy;
import org.anonkit.Transformer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * Applies a compiled policy to one record at a time: the per-record step of {@link Pipeline}, public so
 * that other engines (the Spark integration, a user's own reader) run exactly the code the pipeline
 * runs and cannot drift from it.
 *
 * <p>Per field of a record, in order: a field the plan keeps stays as read; one it drops is removed;
 * one it transforms gets the transformer's output — its {@link FieldKind} stays when the text is
 * unchanged (a number the scrubber leaves alone stays a number), a ClassAd expression stays
 * {@link FieldKind#RAW}, anything else becomes a {@link FieldKind#STRING}. A field whose value is
 * {@link FieldKind#UNDEFINED} (a JSON {@code null}, ClassAd {@code undefined}, an empty CSV cell) is kept
 * as it is, or removed by a drop rule, and counted nowhere: it holds no value, and counting it (as
 * {@code kept} under a scrub rule) made the counts of one dataset depend on its format, a CSV input
 * reporting every empty cell of a column as a value kept in clear. A value the transformer rejects
 * follows the rule's {@code onFailure}: {@code redact} writes the policy's redaction marker,
 * {@code drop} removes the field, {@code fail} throws the {@link InvalidInputException} with the field
 * name and the record's row (never the value). Then, for each field of the policy's
 * {@code ipIntegers} section present in the record (case-insensitively) whose anonymized value is a
 * dotted IPv4 address, an {@link FieldKind#INTEGER} twin named {@code <Field>}{@value #IP_INTEGER_SUFFIX}
 * holding its unsigned 32-bit value is appended. The twin is counted under its name: {@code transformed}
 * when written, {@code dropped} when the field is present but its anonymized value is no dotted IPv4
 * address (an IPv6 address, the redaction marker, the output of a rule that writes no address), and
 * {@code dropped} too for an input field of the twin's name, which the computed twin replaces.
 *
 * <p><b>Kept values checked.</b> With the policy's {@code "keepCheck": {"values": "scalars"}} section
 * (the shipped HTCondor policy has it), a kept field keeps only empty values, numbers and booleans in
 * clear ({@link #isScalar}); any other value of it (a string, a list, a nested object or ad, a ClassAd
 * expression) takes the policy's default rule, with that rule's {@code onFailure}, and is counted under
 * the field as the default rule's outcome ({@code transformed}, {@code redacted}, {@code dropped}). A
 * reviewed keep list names counters, times and flags; a value of another shape in such a field is
 * something the review did not see: a user's own text in an attribute users set ({@code DESIRED_Sites}),
 * an expression naming a user, or a damaged record whose text ran from another field into a kept one.
 *
 * <p><b>User names in one spelling.</b> A field whose rule tokenizes in the key domain of a
 * {@code scrub-text} rule's {@code user} handler (the HTCondor policy's {@code Owner}, {@code hmac} or
 * {@code ff1} in domain {@code user}) hands its transformer each value spelled as {@code scrub-text}
 * spells user names ({@link #spelling}): in its canonical spelling (case-folded and white space
 * collapsed, as {@code ScrubTextProvider.foldName}; a value of white space only as it is), a function of
 * the value alone, whatever the run's dictionary. So an Owner written {@code MRasmuss} gets the token
 * {@code mrasmuss}, {@code MRasmuss} and {@code /home/MRasmuss/} get in free text, in any run, Spark's
 * per-column UDF included, and {@code JDoe} and {@code jdoe} are one user, as the DP release and the
 * k-anonymity model count them.
 *
 * <p>Every outcome is counted per field ({@link #counts()}). Transformers of fields whose values
 * repeat are memoized per instance: a value equal to the field's previous one reuses its result (the
 * records of one cluster repeat most values), others go through a memo (at most 16,384 entries and
 * {@value #MEMO_CHARS} characters a field) that switches itself off when under a quarter of its
 * first 4096 lookups hit; a memo never changes a result.
 *
 * <p>Create one per thread (or per Spark partition) from an {@link Anonymizer} compiled once and
 * shared: creating one is cheap (no key derivation, no transformer creation).
 *
 * <p><b>Not thread-safe.</b>
 */
public final class RecordAnonymizer {
  /** Suffix of the integer twin of an IP field: {@code JobsubClientIpAddress_u32}. */
  public static final String IP_INTEGER_SUFFIX = "_u32";

  /** Outcome names, in the order of the arrays {@link #counts()} returns. */
  public static final List<String> OUTCOMES = List.of(FieldCounts.OUTCOMES);

  private final Anonymizer anonymizer;
  private final String marker;
  private final List<String> ipIntegerFields;
  private final Map<String, Slot> slots = new HashMap<>();
  // the slots counted since the last drain, in the order first counted
  private final java.util.ArrayList<Slot> touched = new java.util.ArrayList<>();
  // the twin's name per IP field name as read: one String per spelling, not one per record, so that
  // consumers caching by name identity (vectorizers, serializers) recognize it
  private final Map<String, String> twinNames = new HashMap<>();
  // per policy field (lower case) tokenized in a scrub-text user handler's domain: how to spell its values
  private final Map<String, UnaryOperator<String>> spellings;
  private final Map<String, UnaryOperator<String>> spellingByName = new HashMap<>(); // field as given -> rule
  private final boolean keepScalarsOnly; // the policy's keepCheck section: "values": "scalars"

  private RecordAnonymizer(Anonymizer anonymizer, String marker, List<String> ipIntegerFields,
      Map<String, UnaryOperator<String>> spellings, boolean keepScalarsOnly) {
    this.anonymizer = anonymizer;
    this.marker = marker;
    this.ipIntegerFields = ipIntegerFields;
    this.spellings = spellings;
    this.keepScalarsOnly = keepScalarsOnly;
  }

  /**
   * An anonymizer of records for {@code anonymizer}, which must have been compiled from
   * {@code prepared} (the policy after {@link Pipeline#resolvePolicy}): the redaction marker and the
   * {@code ipIntegers} section are read from it.
   */
  public static RecordAnonymizer create(Anonymizer anonymizer, Policy prepared) {
    Objects.requireNonNull(anonymizer, "anonymizer");
    return new RecordAnonymizer(anonymizer, prepared.redactionMarker(), ipIntegerFields(prepared),
        userSpellings(anonymizer, prepared), keepsScalarsOnly(prepared));
  }

  /**
   * Whether {@code policy}'s {@code keepCheck} section says {@code "values": "scalars"}: kept fields keep
   * only numbers, booleans and empty values in clear, and any other value (a string, a list, a nested
   * object or ad, a ClassAd expression) takes the default rule (see the class comment). The default,
   * {@code "any"}, keeps every value of a kept field as the policy's reviewer listed it.
   *
   * @throws org.anonkit.PolicyException for a key or value the section does not know, with its path
   */
  public static boolean keepsScalarsOnly(Policy policy) {
    return policy.extension("keepCheck").requireOnly("the keepCheck section", "values")
        .getChoice("values", "any", "any", "scalars").equals("scalars");
  }

  /**
   * Whether a kept field's value, field {@code i} of {@code r}, is one that {@code "values": "scalars"} keeps:
   * empty, a number or a boolean (also as a string, as CSV cells and some JSON writers have them: a JSON
   * number literal ({@link FieldKind#isNumberText}), also after a '+', {@code NaN} and the infinities as
   * Java writes them, or {@code true}/{@code false} in any case; white space around it aside). A phone
   * number written with separators, a dotted address or a date is no number here; digits alone are one,
   * as a JSON number is ({@code 6308401234}). Another spelling of a number ({@code .5}, {@code 007})
   * takes the default rule, which leaves it as it is unless it holds something to replace.
   */
  static boolean isScalar(FieldRecord r, int i) {
    switch (r.kind(i)) {
      case INTEGER:
      case REAL:
      case BOOLEAN:
      case UNDEFINED:
        return true;
      case STRING:
        return isScalarText(r.text(i));
      default:
        return false; // an expression, a list, a nested object or ad
    }
  }

  /** See {@link #isScalar}: empty, a JSON number (a '+' before it too), NaN or an infinity, or true/false in any case. */
  static boolean isScalarText(String t) {
    if (!t.isEmpty() && (t.charAt(0) <= ' ' || t.charAt(t.length() - 1) <= ' ')) {
      t = t.strip(); // a number padded with white space (" 2048") is still one, as a number column reads it
    }
    if (t.isEmpty() || t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false") || t.equals("NaN")
        || t.equals("Infinity") || t.equals("-Infinity") || t.equals("+Infinity")) {
      return true; // (NaN and the infinities as Java writes them: a Spark double column's text)
    }
    return FieldKind.isNumberText(t.charAt(0) == '+' ? t.substring(1) : t);
  }


  /**
   * The fields of {@code prepared} whose rule tokenizes (not with {@code scrub-text}) in the key domain of
   * a {@code scrub-text} rule's {@code user} handler (the default rule's included), lower-cased, each
   * with the spelling of user names.
   */
  private static Map<String, UnaryOperator<String>> userSpellings(Anonymizer anonymizer, Policy prepared) {
    List<Transformer> scrubbers = new ArrayList<>();
    for (FieldRule r : prepared.rules()) {
      if (isScrub(r)) {
        scrubbers.add(anonymizer.plan(r.field()).transformer());
      }
    }
    if (isScrub(prepared.defaultRule())) {
      scrubbers.add(anonymizer.defaultPlan().transformer());
    }
    Map<String, UnaryOperator<String>> out = new HashMap<>();
    for (FieldRule r : prepared.rules()) {
      if (r.action() != FieldRule.Action.TRANSFORM || isScrub(r)) {
        continue;
      }
      String domain = r.linkageDomain() != null ? r.linkageDomain() : r.field(); // the key domain, any case
      for (Transformer t : scrubbers) {
        UnaryOperator<String> spelling = ScrubTextProvider.userSpelling(t, domain);
        if (spelling != null) {
          out.put(r.field().toLowerCase(Locale.ROOT), spelling);
          break;
        }
      }
    }
    return Map.copyOf(out);
  }

  private static boolean isScrub(FieldRule r) {
    return r.action() == FieldRule.Action.TRANSFORM && ScrubTextProvider.NAME.equals(r.transformer());
  }

  /**
   * {@code value} spelled as {@code field}'s transformer is given it (see the class comment): its
   * canonical spelling where the field tokenizes user names in a {@code scrub-text} user handler's domain,
   * else {@code value} itself. The pipeline records mapping pairs under this spelling: two spellings of
   * one name have one token, so one pair.
   */
  public String spelling(String field, String value) {
    if (spellings.isEmpty() || value == null) {
      return value;
    }
    // called per record (the mapping fields): the field's spelling rule by the name as given, not lower-cased each time
    UnaryOperator<String> s = spellingByName.get(field);
    if (s == null) {
      s = spellings.getOrDefault(field.toLowerCase(Locale.ROOT), UnaryOperator.identity());
      if (spellingByName.size() < 64) {
        spellingByName.put(field, s);
      }
    }
    return s.apply(value);
  }

  /** The fields of {@code policy}'s {@code ipIntegers} section, as written. */
  public static List<String> ipIntegerFields(Policy policy) {
    return List.copyOf(policy.extension("ipIntegers").requireOnly("the ipIntegers section", "fields")
        .getStringList("fields"));
  }

  /**
   * Anonymizes {@code r} in place (see the class comment), then appends the IP integer twins.
   *
   * @throws InvalidInputException if a value is rejected by a {@code fail} rule (field and row set,
   *     no value in the message); {@code r} is then partly anonymized and must not be written
   */
  public void anonymize(FieldRecord r) {
    for (int i = 0; i < r.size(); i++) {
      String name = r.name(i);
      Slot s = slot(name);
      if (s.twin) { // the input's own <ipField>_u32: the twin written below replaces it
        r.remove(i);
        i--;
        s.counts[FieldCounts.DROPPED]++;
        continue;
      }
      FieldPlan plan = s.plan;
      Slot via = s; // whose transformer and memo a transformed value goes through
      if (keepScalarsOnly && plan.action() == FieldRule.Action.KEEP && !isScalar(r, i)) {
        via = s.fallback(anonymizer.defaultPlan()); // not kept in clear: the default rule, counted here
        plan = via.plan;
      }
      switch (plan.action()) {
        case KEEP:
          if (r.kind(i) != FieldKind.UNDEFINED) { // no value: nothing to count
            s.counts[FieldCounts.KEPT]++;
          }
          break;
        case DROP:
          if (r.kind(i) != FieldKind.UNDEFINED) {
            s.counts[FieldCounts.DROPPED]++;
          }
          r.remove(i);
          i--;
          break;
        default:
          FieldKind kind = r.kind(i);
          if (kind == FieldKind.UNDEFINED) {
            break; // no value to anonymize, nor to count
          }
          String text = r.text(i);
          String out;
          try {
            out = via.apply(text);
          } catch (InvalidInputException e) {
            s.counts[FieldCounts.FAILED]++;
            switch (plan.onFailure()) {
              case REDACT:
                r.setString(i, marker);
                s.counts[FieldCounts.REDACTED]++;
                continue;
              case DROP:
                r.remove(i);
                i--;
                s.counts[FieldCounts.DROPPED]++;
                continue;
              default:
                throw e.at(name, r.row());
            }
          }
          s.counts[FieldCounts.TRANSFORMED]++;
          if (!out.equals(text) || kind == FieldKind.STRING) {
            r.set(i, kind == FieldKind.RAW ? FieldKind.RAW : FieldKind.STRING, out);
          }
          break;
      }
    }
    if (!ipIntegerFields.isEmpty()) {
      addTwins(r);
    }
  }

  /** Appends the IP integer twins (kept out of {@link #anonymize}'s loop, which the JIT compiles whole). */
  private void addTwins(FieldRecord r) {
    for (String f : ipIntegerFields) {
      int i = r.indexOf(f);
      if (i >= 0 && r.kind(i) != FieldKind.UNDEFINED) { // an undefined address has no twin, nor a count
        String twin = twinName(r.name(i));
        long v = ipv4ToLong(r.text(i));
        if (v >= 0) {
          r.add(twin, FieldKind.INTEGER, Long.toString(v));
          slot(twin).counts[FieldCounts.TRANSFORMED]++;
        } else { // an IPv6 address, the redaction marker, a rule that writes no address: said, not silent
          slot(twin).counts[FieldCounts.DROPPED]++;
        }
      }
    }
  }

  private String twinName(String field) {
    String t = twinNames.get(field);
    if (t == null) {
      t = field + IP_INTEGER_SUFFIX;
      if (twinNames.size() < 64) { // spellings of a few fields; a flood of case variants is not kept
        twinNames.put(field, t);
      }
    }
    return t;
  }

  /**
   * {@code value} of {@code field} transformed as a run transforms it: spelled as {@link #spelling} spells
   * it, then through the field's plan. This, not {@code plan(field).transform(...)} on the value as
   * written, gives a run's token for one value outside a record: the HTCondor policy's {@code Owner}
   * {@code JDoe} gets the token of {@code jdoe}, as in a run's {@code share/} output.
   *
   * @throws InvalidInputException naming {@code field} and {@code row} (never the value) if the transformer
   *     rejects the value, whatever the rule's {@code onFailure}: one value has no record to redact or drop
   *     it from, so the caller decides
   * @throws IllegalStateException if the field's rule keeps or drops it (it has no transformer)
   */
  public String transform(String field, long row, String value) {
    return plan(field).transform(field, row, spelling(field, value));
  }

  /**
   * The compiled plan for {@code field} (case-insensitive; the default plan for fields the policy omits).
   * Its {@link FieldPlan#transform} applies the transformer to a value as given; a run first spells user
   * names ({@link #spelling}): use {@link #transform} for a run's token.
   */
  public FieldPlan plan(String field) {
    return anonymizer.plan(field);
  }

  /** The {@code ipIntegers} fields this instance adds twins for, as the policy writes them. */
  public List<String> ipIntegerFields() {
    return ipIntegerFields;
  }

  /**
   * The outcome counts since creation (or the last drain by the pipeline), per field name as read,
   * sorted by name; each array is a copy indexed as {@link #OUTCOMES}. A failure is counted as
   * {@code failed} and again under the action its {@code onFailure} took.
   */
  public Map<String, long[]> counts() {
    Map<String, long[]> out = new TreeMap<>();
    for (Slot s : slots.values()) {
      out.put(s.field, s.counts.clone());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Adds the counts of the fields counted since the last drain to {@code into} and zeroes them here.
   * Then, if more than {@value #MAX_SLOTS} fields have state here, forgets the fields not counted since
   * the last drain and those counted once (their memos go; results never depend on a memo): fields whose
   * names are data (a key per job) would otherwise keep a slot each for the whole run.
   */
  void drainCounts(FieldCounts into) {
    boolean evict = slots.size() > MAX_SLOTS;
    for (int k = 0; k < touched.size(); k++) {
      Slot s = touched.get(k);
      into.put(s.field, s.counts);
      long n = 0;
      for (long c : s.counts) {
        n += c;
      }
      s.touched = !evict || n > 1; // kept: counted more than once since the last drain
      java.util.Arrays.fill(s.counts, 0);
    }
    if (evict) {
      slots.values().removeIf(s -> !s.touched);
    }
    for (int k = 0; k < touched.size(); k++) {
      touched.get(k).touched = false;
    }
    touched.clear();
  }

  /**
   * The characters (values and results) a memo holds at most: 16,384 entries of HTCondor's long values
   * (environments, log paths, claim ids) are megabytes a field and worker; in time order, where a
   * cluster's jobs are not consecutive, a dozen such memos stayed on and filled, and 480,000 generated
   * ads shuffled ran out of a 128 MB heap (in generator order they ran in 64 MB).
   */
  static final long MEMO_CHARS = 1 << 19;

  /** Fields with state (plan, memo, counts) beyond which a drain forgets those it did not count. */
  static final int MAX_SLOTS = 4096;

  /** The field's slot, marked as counted since the last drain. */
  private Slot slot(String field) {
    Slot s = slots.get(field);
    if (s == null || !s.touched) {
      s = firstInChunk(field, s);
    }
    return s;
  }

  /** {@link #slot} for a field not counted since the last drain: created if new, marked as counted. */
  private Slot firstInChunk(String field, Slot s) {
    if (s == null) {
      s = new Slot(field, anonymizer.plan(field), isTwinName(field, ipIntegerFields),
          spellings.isEmpty() ? null : spellings.get(field.toLowerCase(Locale.ROOT)));
      slots.put(field, s);
    }
    s.touched = true;
    touched.add(s);
    return s;
  }

  /** Fields with state here (for tests). */
  int slotCount() {
    return slots.size();
  }

  /** The characters the fields' memos hold (for tests). */
  long memoChars() {
    long n = 0;
    for (Slot s : slots.values()) {
      n += s.memoChars + (s.fallback == null ? 0 : s.fallback.memoChars);
    }
    return n;
  }

  /**
   * Whether {@code field} is the name of an IP field's integer twin ({@code <Field>_u32}, any case):
   * an input field of that name is dropped from every record, since the output's twin takes that name
   * (the record would name it twice) and holds an address as an integer, which no rule recognizes.
   */
  static boolean isTwinName(String field, List<String> ipIntegerFields) {
    if (field.length() <= IP_INTEGER_SUFFIX.length()
        || !field.regionMatches(true, field.length() - IP_INTEGER_SUFFIX.length(), IP_INTEGER_SUFFIX, 0,
            IP_INTEGER_SUFFIX.length())) {
      return false;
    }
    String base = field.substring(0, field.length() - IP_INTEGER_SUFFIX.length());
    for (String f : ipIntegerFields) {
      if (f.equalsIgnoreCase(base)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "RecordAnonymizer{policy=" + anonymizer.policy().name() + ", fields seen=" + slots.size() + "}";
  }

  /** The unsigned 32-bit value of a dotted IPv4 address, or -1. */
  static long ipv4ToLong(String s) {
    long v = 0;
    int parts = 0;
    int cur = -1;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (cur < 0 || cur > 255) {
          return -1;
        }
        v = (v << 8) | cur;
        parts++;
        cur = -1;
      } else if (c >= '0' && c <= '9') {
        cur = cur < 0 ? c - '0' : cur * 10 + (c - '0');
        if (cur > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? v : -1;
  }

  /** A field's plan, counts and memo. */
  private static final class Slot {
    private static final int MEMO_MAX = 1 << 14;
    private static final int PROBE = 4096;
    final String field;
    final boolean twin;
    final FieldPlan plan;
    final Transformer transformer;
    final UnaryOperator<String> spelling; // null: values go to the transformer as written
    final long[] counts = new long[FieldCounts.OUTCOMES.length];
    boolean touched;
    // created when the field's value first changes: a field seen once, or with one value, needs none
    private HashMap<String, String> memo;
    private long memoChars;
    private boolean memoOff;
    private int lookups;
    private int hits;
    // the last value and its result: consecutive records of one cluster repeat most of their values,
    // and an equals() on the previous value is much cheaper than hashing a long one
    private String lastIn;
    private String lastOut;
    // a kept field's values that keepCheck does not keep: the default rule's plan, with a memo of its own
    private Slot fallback;

    Slot(String field, FieldPlan plan, boolean twin, UnaryOperator<String> spelling) {
      this.field = field;
      this.twin = twin;
      this.plan = plan;
      this.transformer = plan.transformer();
      this.spelling = spelling;
    }

    /** The slot through which this kept field's values that keepCheck does not keep take {@code defaultPlan}. */
    Slot fallback(FieldPlan defaultPlan) {
      if (fallback == null) {
        fallback = new Slot(field, defaultPlan, false, null);
      }
      return fallback;
    }

    /**
     * The previous value's result when the value repeats; else memoized while the field's values
     * repeat (switched off if under a quarter of the first 4096 lookups hit).
     */
    String apply(String v) {
      if (v.equals(lastIn)) {
        return lastOut;
      }
      if (memo == null && lastIn != null && !memoOff) {
        memo = new HashMap<>();
      }
      String out = memo == null ? null : memo.get(v);
      if (memo != null) {
        lookups++;
        if (out != null) {
          hits++;
        }
      }
      if (out == null) {
        out = transformer.apply(spelling == null ? v : spelling.apply(v));
        if (memo != null && memo.size() < MEMO_MAX && memoChars + v.length() + out.length() <= MEMO_CHARS) {
          memo.put(v, out);
          memoChars += v.length() + out.length();
        }
        if (lookups == PROBE && hits < PROBE / 4) {
          memo = null; // high cardinality: the memo would only cost
          memoChars = 0;
          memoOff = true;
        }
      }
      lastIn = v;
      lastOut = out;
      return out;
    }
  }
}
