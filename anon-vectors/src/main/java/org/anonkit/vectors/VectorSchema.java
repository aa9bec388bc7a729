package org.anonkit.vectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;

/**
 * Which fields become which columns: an ordered list of (field, encoder name, encoder parameters),
 * plus whether to build the ragged (field id, value) pairs. The same schema applied to clear and to
 * anonymized records gives matrices of identical shape and column order.
 *
 * <p>Built in code with {@link #builder()} or read from a JSON-like {@link Parameters} section — the
 * policy's {@code "vectors"} extension ({@code policy.extension("vectors")}) or a schema file:
 *
 * <pre>{@code
 * {
 *   "fields": {
 *     "RequestMemory": "numeric",
 *     "Owner":         {"encoder": "categorical", "params": {"order": "sorted"}},
 *     "StartdIpAddr":  {"encoder": "ipv4", "params": {"extract": true, "prefixes": [24]}},
 *     "Tags":          {"encoder": "multi-hot", "params": {"separator": ","}}
 *   },
 *   "pairs": true
 * }
 * }</pre>
 *
 * <p>Field names are matched case-insensitively and must be unique that way; a field id (used in the
 * ragged pairs) is the field's index in this list. Immutable and thread-safe.
 */
public final class VectorSchema {
  private static final Pattern ENCODER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final List<Field> fields;
  private final boolean pairs;

  private VectorSchema(List<Field> fields, boolean pairs) {
    this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
    this.pairs = pairs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a schema from a parsed JSON section (see the class comment).
   *
   * @throws PolicyException naming the JSON path of anything malformed
   */
  public static VectorSchema fromParameters(Parameters section) {
    section.requireOnly("vector schema", "fields", "pairs");
    Builder b = builder().pairs(section.getBoolean("pairs", true));
    Parameters fields = section.getParameters("fields");
    if (fields.isEmpty()) {
      throw new PolicyException(section.pathOf("fields"), "a vector schema needs at least one field");
    }
    for (String name : fields.names()) {
      Object spec = fields.get(name);
      if (spec instanceof String) {
        b.field(name, (String) spec, Parameters.builder(fields.pathOf(name) + ".params").build());
      } else if (spec instanceof Parameters) {
        Parameters p = ((Parameters) spec).requireOnly("field '" + name + "'", "encoder", "params");
        b.field(name, p.requireString("encoder"), p.getParameters("params"));
      } else {
        throw new PolicyException(fields.pathOf(name), "expected an encoder name or {\"encoder\": ..., \"params\": {...}}");
      }
    }
    return b.build();
  }

  /** The fields in column order. */
  public List<Field> fields() {
    return fields;
  }

  /** Whether the ragged (field id, value) pairs are built. */
  public boolean pairs() {
    return pairs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorSchema && ((VectorSchema) o).fields.equals(fields) && ((VectorSchema) o).pairs == pairs;
  }

  @Override
  public int hashCode() {
    return fields.hashCode() * 31 + Boolean.hashCode(pairs);
  }

  @Override
  public String toString() {
    return "VectorSchema" + fields;
  }

  /** One field of a schema. Immutable and thread-safe. */
  public static final class Field {
    private final String name;
    private final String encoder;
    private final Parameters parameters;

    private Field(String name, String encoder, Parameters parameters) {
      this.name = name;
      this.encoder = encoder;
      this.parameters = parameters;
    }

    /** The field name as written in the schema. */
    public String name() {
      return name;
    }

    /** The encoder provider name, e.g. {@code "categorical"}. */
    public String encoder() {
      return encoder;
    }

    public Parameters parameters() {
      return parameters;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Field && ((Field) o).name.equals(name) && ((Field) o).encoder.equals(encoder)
          && ((Field) o).parameters.equals(parameters);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, encoder, parameters);
    }

    @Override
    public String toString() {
      return name + ":" + encoder;
    }
  }

  /** Builds a {@link VectorSchema}. Not thread-safe. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private boolean pairs = true;

    private Builder() {}

    /** Adds {@code field} encoded by {@code encoder} without parameters. */
    public Builder field(String field, String encoder) {
      return field(field, encoder, Parameters.empty());
    }

    /** Adds {@code field} encoded by {@code encoder} with {@code parameters}. */
    public Builder field(String field, String encoder, Parameters parameters) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(parameters, "parameters");
      if (field.isEmpty()) {
        throw new PolicyException(parameters.path(), "field name must not be empty");
      }
      if (!ENCODER_NAME.matcher(encoder).matches()) {
        throw new PolicyException(parameters.path(), "encoder names match [a-z0-9][a-z0-9-]*");
      }
      if (!seen.add(field.toLowerCase(Locale.ROOT))) {
        throw new PolicyException(parameters.path(), "field '" + field
            + "' appears twice (field names are case-insensitive)");
      }
      fields.add(new Field(field, encoder, parameters));
      return this;
    }

    /** Whether to build the ragged (field id, value) pairs (default true). */
    public Builder pairs(boolean pairs) {
      this.pairs = pairs;
      return this;
    }

    public VectorSchema build() {
      if (fields.isEmpty()) {
        throw new PolicyException(null, "a vector schema needs at least one field");
      }
      return new VectorSchema(fields, pairs);
    }
  }
}
