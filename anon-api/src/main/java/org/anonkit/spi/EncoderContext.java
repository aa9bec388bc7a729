package org.anonkit.spi;

import java.util.Objects;
import org.anonkit.Parameters;

/**
 * What an {@link EncoderProvider} needs to create an encoder for one field: the field name and the
 * encoder's parameters from the schema. Encoders take no keys: they only turn (already anonymized or
 * owner-private clear) values into numbers.
 *
 * <p>Immutable and thread-safe.
 */
public final class EncoderContext {
  private final String fieldName;
  private final Parameters parameters;

  private EncoderContext(String fieldName, Parameters parameters) {
    this.fieldName = Objects.requireNonNull(fieldName, "fieldName");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  /** A context for {@code fieldName} with {@code parameters}. */
  public static EncoderContext of(String fieldName, Parameters parameters) {
    return new EncoderContext(fieldName, parameters);
  }

  /** The field the encoder is for. */
  public String fieldName() {
    return fieldName;
  }

  public Parameters parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "EncoderContext{field=" + fieldName + ", parameters=" + parameters + "}";
  }
}
