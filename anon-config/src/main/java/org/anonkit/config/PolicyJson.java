package org.anonkit.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a {@link Policy} from JSON with jackson-core's streaming parser, and writes one back as canonical
 * JSON ({@link #write(Policy)}).
 *
 * <pre>{@code
 * {
 *   "name": "htcondor",
 *   "redaction": "[redacted]",                       // optional marker for onFailure=redact
 *   "default": "drop",                               // or a rule object; never "keep" (fail-closed)
 *   "keep": ["JobStatus", "ExitCode"],               // shorthand: fields safe in clear
 *   "drop": ["Environment"],                         // shorthand: fields removed
 *   "fields": {
 *     "Owner": {"transformer": "hmac", "params": {"length": 16}, "onFailure": "fail", "domain": "user"},
 *     "RequestMemory": "keep",
 *     "Env": "drop"
 *   },
 *   "vectors": { ... }                               // any other object: a module's extension section
 * }
 * }</pre>
 *
 * <p>Field names match case-insensitively; a field named twice (in any spelling, in any of
 * {@code keep}, {@code drop} and {@code fields}) is an error. Every error is a {@link PolicyException}
 * naming the JSON path, and the line and column for syntax errors.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(64).maxStringLength(1 << 20).maxDocumentLength(16L << 20).build())
      .build();
  private static final Set<String> RULE_KEYS = Set.of("transformer", "params", "onFailure", "domain");

  private PolicyJson() {}

  /** Reads the policy file at {@code path}. */
  public static Policy read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in);
    } catch (NoSuchFileException e) {
      throw new PolicyException(null, "policy file not found: " + path);
    } catch (IOException e) {
      throw new PolicyException(null, "cannot read policy file " + path + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Parses a policy from JSON text. */
  public static Policy parse(String json) {
    return read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads a policy from a UTF-8 JSON stream (not closed). */
  public static Policy read(InputStream in) {
    JsonParser p = null;
    try {
      p = FACTORY.createParser(ObjectReadContext.empty(), in);
      Policy policy = readPolicy(p);
      if (p.nextToken() != null) {
        throw error(p, "$", "unexpected content after the policy object");
      }
      return policy;
    } catch (JacksonException e) {
      throw malformed("malformed policy JSON", p, e);
    } finally {
      close(p);
    }
  }

  /**
   * The canonical JSON text of {@code policy}: what {@link #parse(String)} reads back to the same policy,
   * so that a policy built in code can be saved as a policy file ({@code anonkit run --policy}).
   *
   * <p><b>Exact.</b> {@code parse(write(p))} has {@code p}'s name, redaction marker, rules in the order of
   * {@link Policy#rules()} (field names as spelt, actions, transformers, parameters, {@code onFailure},
   * linkage domains), default rule and extension sections in the order of {@link Policy#extensionNames()};
   * every {@link Parameters} keeps its names in order and its values with their types ({@code long} stays
   * an integer, {@code double} a number with a point, {@code -0.0} included, bit for bit). Not kept: the
   * JSON paths that rules and parameters carry for error messages (a policy read back names the paths of
   * the written file; one built in code named {@code $}).
   *
   * <p><b>Canonical.</b> The text depends on the policy's content alone, the same on every platform and
   * JDK: top-level keys in the order {@code name, version, redaction, default, keep, drop, fields}, then the
   * sections; rule objects as {@code transformer, params, onFailure, domain} ({@code onFailure} always
   * written, {@code params} and {@code domain} when present; the default rule is {@code "drop"} or a rule
   * object); the leading run of kept fields as {@code keep}, the run of dropped fields after it as
   * {@code drop} and every later rule under {@code fields} (so the rule order survives); two-space
   * indentation, an object or list on one line when it fits in 110 columns, else broken, long lists of
   * strings and numbers filled line by line; strings escaped only where JSON requires it (quote, backslash,
   * U+0000..U+001F) and for unpaired surrogates, other characters as they are (UTF-8 once encoded);
   * doubles with the fewest digits that read back exactly. Two policies are the same policy, for this
   * module, when their canonical texts are equal: so {@code write(parse(write(p)))} equals
   * {@code write(p)} character for character, and the text can serve as a policy's cache key.
   *
   * <p><b>Fail-closed.</b> What a policy file cannot hold is refused, never dropped or altered: a
   * {@link PolicyException} names its JSON path for a NaN or infinite number, an extension section named
   * like a policy key ({@code name, version, redaction, default, keep, drop, fields}), a transformer named
   * {@code keep} or {@code drop}, a default rule whose field is not {@code "*"}, a key (a field name under
   * {@code fields}, a parameter or section name) holding an unpaired surrogate, and anything over the limits
   * {@link #read(InputStream)} enforces (nesting depth 64, strings of 1,048,576 UTF-16 characters, keys of
   * 50,000 bytes of UTF-8, 16 MiB of UTF-8 in all). Messages name paths and limits, never a value.
   *
   * @throws PolicyException if the policy cannot be written as a policy file
   */
  public static String write(Policy policy) {
    return PolicyWriter.write(java.util.Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Parses any JSON object into {@link Parameters} with the same value rules as a policy's
   * {@code params} (no nulls; integers as {@code long}), for schema files and policy-like sections read
   * on their own. Errors are {@link PolicyException}s naming the JSON path, line and column.
   */
  public static Parameters parseParameters(String json) {
    JsonParser p = null;
    try {
      p = FACTORY.createParser(ObjectReadContext.empty(), json);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(p, "$", "expected a JSON object");
      }
      Parameters parameters = object(p, "$");
      if (p.nextToken() != null) {
        throw error(p, "$", "unexpected content after the object");
      }
      return parameters;
    } catch (JacksonException e) {
      throw malformed("malformed JSON", p, e);
    } finally {
      close(p);
    }
  }

  private static Policy readPolicy(JsonParser p) {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw error(p, "$", "a policy must be a JSON object");
    }
    Policy.Builder b = Policy.builder();
    boolean sawFields = false;
    Set<String> seen = new java.util.HashSet<>();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = p.currentName();
      String path = "$." + key;
      // a key given twice ("default": "drop" ... "default": {...}) used to be resolved silently, the last
      // one winning (or, for keep and drop, both applying): in a policy, refuse rather than guess
      if (!seen.add(key)) {
        throw error(p, path, "duplicate policy key");
      }
      JsonToken t = p.nextToken();
      switch (key) {
        case "name":
          b.name(string(p, t, path));
          break;
        case "version":
          if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() != 1) {
            throw error(p, path, "only policy version 1 is supported");
          }
          break;
        case "redaction":
          b.redactionMarker(string(p, t, path));
          break;
        case "default":
          b.defaultRule(rule(p, t, "*", path));
          break;
        case "keep":
          for (String f : stringList(p, t, path)) {
            b.rule(FieldRule.keep(f));
          }
          break;
        case "drop":
          for (String f : stringList(p, t, path)) {
            b.rule(FieldRule.drop(f));
          }
          break;
        case "fields":
          sawFields = true;
          if (t != JsonToken.START_OBJECT) {
            throw error(p, path, "expected an object mapping field names to rules");
          }
          while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            String fieldPath = path + "." + field;
            b.rule(rule(p, p.nextToken(), field, fieldPath));
          }
          break;
        default:
          if (t != JsonToken.START_OBJECT) {
            throw error(p, path, "unknown policy key; extension sections must be objects "
                + "(known keys: name, version, redaction, default, keep, drop, fields)");
          }
          b.extension(key, object(p, path));
      }
    }
    if (!sawFields) {
      throw error(p, "$.fields", "a policy needs a \"fields\" object (it may be empty)");
    }
    return b.build();
  }

  private static FieldRule rule(JsonParser p, JsonToken t, String field, String path) {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getString();
      if (s.equals("keep")) {
        return FieldRule.keep(field);
      }
      if (s.equals("drop")) {
        return FieldRule.drop(field);
      }
      // "hmac" as shorthand for {"transformer": "hmac"}; its (absent) params still have their path, so a
      // provider's "required parameter is missing" names $.fields.X.params.p, not $.p
      return FieldRule.transform(field, s).parameters(Parameters.builder(path + ".params").build()).path(path).build();
    }
    if (t != JsonToken.START_OBJECT) {
      throw error(p, path, "expected \"keep\", \"drop\", a transformer name or a rule object");
    }
    String transformer = null;
    Parameters params = Parameters.builder(path + ".params").build(); // replaced by "params" when given
    OnFailure onFailure = OnFailure.FAIL;
    String domain = null;
    Set<String> seen = new java.util.HashSet<>();
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = p.currentName();
      String keyPath = path + "." + key;
      if (!seen.add(key)) { // {"transformer": "hmac", ..., "transformer": "ff1"}: the last one won
        throw error(p, keyPath, "duplicate rule key");
      }
      JsonToken v = p.nextToken();
      switch (key) {
        case "transformer":
          transformer = string(p, v, keyPath);
          break;
        case "params":
          if (v != JsonToken.START_OBJECT) {
            throw error(p, keyPath, "expected an object");
          }
          params = object(p, keyPath);
          break;
        case "onFailure":
          onFailure = OnFailure.fromPolicyName(string(p, v, keyPath));
          if (onFailure == null) {
            throw error(p, keyPath, "expected one of fail, redact, drop");
          }
          break;
        case "domain":
          domain = string(p, v, keyPath);
          if (domain.isEmpty()) {
            throw error(p, keyPath, "linkage domain must not be empty");
          }
          break;
        default:
          throw error(p, keyPath, "unknown rule key; known keys: " + new java.util.TreeSet<>(RULE_KEYS));
      }
    }
    if (transformer == null) {
      throw error(p, path, "rule object needs a \"transformer\"");
    }
    if (transformer.equals("keep") || transformer.equals("drop")) {
      if (!params.isEmpty() || domain != null) {
        throw error(p, path, "\"" + transformer + "\" takes no params or domain");
      }
      return transformer.equals("keep") ? FieldRule.keep(field) : FieldRule.drop(field);
    }
    return FieldRule.transform(field, transformer)
        .parameters(params).onFailure(onFailure).linkageDomain(domain).path(path).build();
  }

  private static Parameters object(JsonParser p, String path) {
    Parameters.Builder b = Parameters.builder(path);
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      String childPath = path + "." + name;
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_STRING:
          b.put(name, p.getString());
          break;
        case VALUE_NUMBER_INT:
          b.put(name, longValue(p, childPath));
          break;
        case VALUE_NUMBER_FLOAT:
          b.put(name, p.getDoubleValue());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          b.put(name, t == JsonToken.VALUE_TRUE);
          break;
        case START_OBJECT:
          b.put(name, object(p, childPath));
          break;
        case START_ARRAY:
          b.put(name, array(p, childPath));
          break;
        default:
          throw error(p, childPath, "null is not allowed; omit the parameter instead");
      }
    }
    return b.build();
  }

  private static List<Object> array(JsonParser p, String path) {
    List<Object> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String elemPath = path + "[" + out.size() + "]";
      switch (t) {
        case VALUE_STRING:
          out.add(p.getString());
          break;
        case VALUE_NUMBER_INT:
          out.add(longValue(p, elemPath));
          break;
        case VALUE_NUMBER_FLOAT:
          out.add(p.getDoubleValue());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          out.add(t == JsonToken.VALUE_TRUE);
          break;
        case START_OBJECT:
          out.add(object(p, elemPath));
          break;
        case START_ARRAY:
          out.add(array(p, elemPath));
          break;
        default:
          throw error(p, elemPath, "list elements must be strings, numbers, booleans, objects or lists");
      }
    }
    return out;
  }

  private static long longValue(JsonParser p, String path) {
    if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw error(p, path, "integer out of the 64-bit range");
    }
    return p.getLongValue();
  }

  private static List<String> stringList(JsonParser p, JsonToken t, String path) {
    if (t != JsonToken.START_ARRAY) {
      throw error(p, path, "expected a list of field names");
    }
    List<String> out = new ArrayList<>();
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(string(p, e, path + "[" + out.size() + "]"));
    }
    return out;
  }

  private static String string(JsonParser p, JsonToken t, String path) {
    if (t != JsonToken.VALUE_STRING) {
      throw error(p, path, "expected a string");
    }
    return p.getString();
  }

  /**
   * A syntax (or read) error from jackson as a {@link PolicyException}: the JSON path the parser had
   * reached, line and column, and a reason of our own. Jackson's message is never passed on, nor chained
   * as the cause: it quotes the offending input ("Unrecognized token 'jdoe'"), and a data file given as
   * the policy by mistake would put a value in the log.
   */
  private static PolicyException malformed(String what, JsonParser p, JacksonException e) {
    TokenStreamLocation loc = e.getLocation();
    String where = loc == null || loc.getLineNr() < 1 ? ""
        : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    return new PolicyException(p == null ? null : pathOf(p.streamReadContext()), what + where + ": " + reason(e));
  }

  /** A reason for jackson's exception {@code e} made of fixed text only (see {@link #malformed}). */
  static String reason(JacksonException e) {
    if (e instanceof UnexpectedEndOfInputException) {
      return "unexpected end of input (an unclosed object, list or string)";
    }
    if (e instanceof StreamConstraintsException) {
      return "a limit is exceeded (nesting depth 64, string length 1 MiB, document length 16 MiB)";
    }
    if (e instanceof InputCoercionException) {
      return "number out of range";
    }
    if (e instanceof JacksonIOException) {
      return "cannot read the input (" + (e.getCause() == null ? "I/O error" : e.getCause().getClass().getSimpleName()) + ")";
    }
    String m = e.getOriginalMessage();
    if (m != null) { // only the start of a known message picks the reason: the rest may quote the input
      for (String[] known : KNOWN_REASONS) {
        if (m.startsWith(known[0])) {
          return known[1];
        }
      }
    }
    return "not valid JSON";
  }

  private static final String[][] KNOWN_REASONS = {
      {"Unrecognized token", "a bare word where a JSON value was expected (strings need double quotes)"},
      {"Unexpected character", "unexpected character"},
      {"Unexpected close marker", "a closing bracket that does not match"},
      {"Unexpected end-of-input", "unexpected end of input (an unclosed object, list or string)"},
      {"Illegal unquoted character", "a control character inside a string (it must be escaped)"},
      {"Unrecognized character escape", "an invalid escape sequence inside a string"},
      {"Invalid UTF-8", "invalid UTF-8"},
      {"Invalid numeric value", "invalid number"},
      {"Duplicate Object property", "a key given twice"},
  };

  /** The parser's position as a path in the form {@link #error} uses: {@code $}, {@code $.fields.Owner}, {@code $.keep[2]}. */
  private static String pathOf(TokenStreamContext c) {
    List<String> parts = new ArrayList<>();
    for (; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.currentName() != null) {
        parts.add("." + c.currentName());
      }
    }
    StringBuilder sb = new StringBuilder("$");
    for (int i = parts.size() - 1; i >= 0; i--) {
      sb.append(parts.get(i));
    }
    return sb.toString();
  }

  private static void close(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (JacksonException ignored) { // closing a parser over an in-memory or caller's stream
      }
    }
  }

  private static PolicyException error(JsonParser p, String path, String problem) {
    TokenStreamLocation loc = p.currentLocation();
    return new PolicyException(path, problem + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")");
  }
}
