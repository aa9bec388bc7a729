package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.anonkit.FieldRule;
import org.anonkit.Policy;

/**
 * {@code share/README.md}: what a recipient of a run's {@code share/} folder holds, in prose: the files, how
 * each field's values were changed (from the policy's rules, in the run's mode) and how to open the vectors.
 * Beside what the manifest records (the policy's name, hash and mode, the key id, row counts, the fields
 * seen, the failure definition, the files), it tells each field's transformer and linkage domain (so which
 * fields join and which the key holder can reverse: what a recipient needs to use the data), whether free
 * text had its host names replaced, whether kept fields were checked, and the redaction marker. It never
 * holds a value of the data or a rule's parameters (a site's policy may hold values in them, e.g. a
 * {@code generalize-map}'s table). Deterministic: the same run gives the same bytes for any thread count.
 *
 * <p>Stateless; thread-safe.
 */
final class ShareReadme {
  private ShareReadme() {}

  /** What the README describes; paths are relative to the run's output folder ({@code share/...}). */
  record Facts(String version, String policyName, String policySha256, String mode, String keyId, long rowsIn,
      long rowsOut, long quarantined, List<String> dataFiles, Map<String, long[]> fieldCounts, Policy policy,
      List<String> ipIntegerFields, String failureDefinition, String failureExpression, String userField,
      boolean vectors, boolean ragged, List<String> releases, boolean dictionary) {}

  static String render(Facts f) {
    StringBuilder s = new StringBuilder(4096);
    s.append("# What this folder holds\n\n");
    s.append(String.format(Locale.ROOT, "%,d job records anonymized by AnonKit %s with the policy `%s` "
        + "(SHA-256 `%s`) in its `%s` mode, under the master key whose id is `%s` (the key itself is not here). "
        + "`manifest.json` records the same, with every file's size and SHA-256 and, per field, how many values "
        + "were transformed, kept, redacted or dropped.\n\n", f.rowsOut(), f.version(), f.policyName(),
        f.policySha256(), f.mode(), f.keyId()));
    s.append(String.format(Locale.ROOT, "%,d records were read and %,d are here", f.rowsIn(), f.rowsOut()));
    s.append(f.quarantined() == 0 ? ".\n\n"
        : String.format(Locale.ROOT, "; the data owner kept back %,d that could not be read as records.\n\n",
            f.quarantined()));

    s.append("## Files\n\n");
    for (String d : f.dataFiles()) {
      s.append("- `").append(relative(d)).append("`: the records, in the input's order, each with the fields it "
          + "had, their values changed as below");
      if (f.ipIntegerFields().isEmpty()) {
        s.append(".\n");
      } else {
        s.append("; ").append(names(f.ipIntegerFields())).append(" also as the same anonymized address in an unsigned "
            + "32-bit integer, in a field named with `_u32` appended.\n");
      }
    }
    s.append("- `failures.csv`, `failures.json`: per user (`").append(f.userField()).append("`'s token), the jobs "
        + "that failed (`fails`), all jobs (`total`), `fails / total` and `fails` as a fraction of all records; a "
        + "job failed when `").append(f.failureExpression()).append("` (the `").append(f.failureDefinition())
        .append("` definition). Exact counts.\n");
    List<String> other = new ArrayList<>();
    for (String r : f.releases()) {
      String name = relative(r);
      if (name.startsWith("failures-dp.")) {
        if (name.endsWith(".csv")) {
          s.append("- `failures-dp.csv`, `failures-dp.json`: jobs and failed jobs per experiment with "
              + "differential privacy (ε and the jobs counted per user in the `.json`). The guarantee is for a "
              + "recipient of these two files alone: the records and `failures.csv` hold the exact counts.\n");
        }
      } else if (name.startsWith("jobs-kanon.")) {
        if (name.endsWith(".csv")) {
          s.append("- `jobs-kanon.csv`, `jobs-kanon.json`: the finished jobs as a k-anonymous table (k, the "
              + "users per class and the generalization chosen in the `.json`). The guarantee is for a recipient "
              + "of these two files alone: the records keep exact values.\n");
        }
      } else {
        other.add(name);
      }
    }
    for (String name : other) {
      s.append("- `").append(name).append("`: written by the run's last step; its SHA-256 is in `manifest.json`'s "
          + "`releases`.\n");
    }
    if (f.vectors()) {
      s.append("- `vectors/anon/`: the numeric, time, IP and categorical fields the policy's `vectors` section names, "
          + "as NumPy `.npy` columns and one matrix `X.npy` (a row per record, NaN where missing); `columns.json` "
          + "describes the columns, `*.dictionary.json` lists the (anonymized) values behind a categorical "
          + "column's codes.\n");
    }
    if (f.ragged()) {
      s.append("- `ragged/`: the same fields per record, as a variable-length list of (field, value) pairs and "
          + "lists, in Awkward Array buffers (`ragged.json`, `form.json`, offsets and values `.npy`), also one JSON "
          + "object per line in `records.jsonl`.\n");
    }
    s.append("- `manifest.json`: what was run, on what, and what it wrote.\n\n");
    if (f.vectors() || f.ragged()) {
      s.append("```python\nimport json, numpy as np\n");
      if (f.vectors()) {
        s.append("X = np.load(\"vectors/anon/X.npy\", mmap_mode=\"r\")\n"
            + "cols = json.load(open(\"vectors/anon/columns.json\"))[\"columns\"]\n");
      }
      if (f.ragged()) {
        s.append("import awkward as ak\nmeta = json.load(open(\"ragged/ragged.json\"))\n"
            + "buffers = {k: np.load(\"ragged/\" + v, mmap_mode=\"r\") for k, v in meta[\"buffers\"].items()}\n"
            + "records = ak.from_buffers(meta[\"form\"], meta[\"length\"], buffers)\n");
      }
      s.append("```\n\n");
    }

    s.append("## How the values were changed\n\n");
    boolean scalarsOnly = RecordAnonymizer.keepsScalarsOnly(f.policy());
    Map<String, List<String>> groups = new TreeMap<>();
    Map<String, String> texts = new TreeMap<>();
    for (String field : new TreeMap<>(f.fieldCounts()).keySet()) { // name order, whatever map the caller gives
      String key;
      String text;
      if (RecordAnonymizer.isTwinName(field, f.ipIntegerFields())) {
        key = "2 twin";
        text = "the anonymized address of the field without `_u32`, as an unsigned 32-bit integer";
      } else {
        FieldRule r = f.policy().rule(field);
        String how = describe(r, scalarsOnly, f.dictionary());
        key = order(r) + " " + how;
        text = how;
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(field);
      texts.put(key, text);
    }
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      s.append("- ");
      List<String> fields = g.getValue();
      for (int i = 0; i < fields.size(); i++) {
        s.append(i == 0 ? "" : ", ").append('`').append(fields.get(i)).append('`');
      }
      s.append(": ").append(texts.get(g.getKey())).append(".\n");
    }
    s.append("\nA value that could not be anonymized was replaced by `").append(f.policy().redactionMarker())
        .append("` or left out, as its rule says, and counted in `manifest.json`; none was kept in clear. Fields the "
            + "policy does not name followed its default rule: ").append(describe(f.policy().defaultRule(), scalarsOnly, f.dictionary()))
        .append(".\n");
    return s.toString();
  }

  private static String relative(String path) {
    return path.startsWith("share/") ? path.substring("share/".length()) : path;
  }

  /** Groups in a reading order: identities first, then free text, then kept and the rest. */
  private static int order(FieldRule r) {
    if (r.action() == FieldRule.Action.KEEP) {
      return 5;
    }
    if (r.action() == FieldRule.Action.DROP) {
      return 6;
    }
    return r.transformer().equals("scrub-text") ? 3 : r.transformer().startsWith("generalize") ? 4 : 1;
  }

  /** What {@code scrub-text} replaces, as far as the run's settings decide it. */
  private static String freeText(boolean dictionary, boolean hostNames) {
    return "free text: e-mail addresses, IP addresses and HTCondor contact strings, X.509 names, phone numbers, "
        + "user names in paths and after keys such as `USER=`"
        + (dictionary ? ", every user and full name the batch's identity fields hold" : "")
        + (hostNames ? " and host names" : " and host names inside slot names and contact strings")
        + " replaced by the token each gets in the identity fields, or by a marker such as `[ip]` or `[user]` where "
        + "none could be made; credentials (passwords, tokens, keys) by `[secret]`";
  }

  private static String names(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      b.append(i == 0 ? "" : i == fields.size() - 1 ? " and " : ", ").append('`').append(fields.get(i)).append('`');
    }
    return b.toString();
  }

  private static String describe(FieldRule r, boolean scalarsOnly, boolean dictionary) {
    switch (r.action()) {
      case KEEP:
        return scalarsOnly ? "kept as written where the value is a number, a boolean or empty (the policy lists "
            + "these fields as counters, times and flags); any other value (text, a list, an expression) followed "
            + "the default rule, below" : "kept as written (the policy lists them as safe to share)";
      case DROP:
        return "removed";
      default:
        break;
    }
    String t = r.transformer();
    String domain = r.linkageDomain();
    String linked = domain == null ? "equal values of this field get equal tokens"
        : "equal values get equal tokens in every field of the linkage domain `" + domain + "`";
    switch (t) {
      case "hmac":
        return "a keyed pseudonym (HMAC-SHA-256): " + linked + ", here and in other releases made with the same "
            + "key and policy; it does not turn back into the value";
      case "ff1":
      case "ff3-1":
      case "numeric-id":
        return "format-preserving encryption (`" + t + "`, NIST SP 800-38G): a token of the value's length and "
            + "characters; " + linked + "; only the key holder can decrypt it"
            + ("hmac".equals(r.parameters().getString("shortValues", null))
                ? " (a value too short to encrypt gets a keyed pseudonym of its shape, which nobody can)" : "");
      case "email":
      case "phone":
      case "dn":
      case "hostname":
        return "format-preserving encryption (`" + t + "`, NIST SP 800-38G FF1): a token of the value's form (an "
            + "e-mail address stays one, a host name stays a host name); " + linked + "; only the key holder can "
            + "decrypt it";
      case "ip":
      case "cryptopan":
        return "prefix-preserving IP anonymization (Crypto-PAn): two addresses that share their first n bits "
            + "share their first n anonymized bits, distinct addresses stay distinct; only the key holder can "
            + "reverse it";
      case "sinful":
        return "HTCondor contact strings: their addresses anonymized as the IP fields, host names tokenized";
      case "scrub-text": // the scrub section is merged into each scrub-text rule, a mode's too (PolicyModes)
        return freeText(dictionary, r.parameters().getBoolean("hostNames", false));
      default:
        return t.startsWith("generalize") ? "generalized to coarser values (`" + t + "`)"
            : "transformed by `" + t + "`";
    }
  }
}
