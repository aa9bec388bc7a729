package org.anonkit.spi;

import org.anonkit.Transformer;

/**
 * Service provider of one kind of {@link Transformer}, found by {@link java.util.ServiceLoader} (declare
 * it in both {@code module-info.java} with {@code provides} and in
 * {@code META-INF/services/org.anonkit.spi.TransformerProvider}) or registered explicitly with
 * {@link org.anonkit.TransformerRegistry.Builder#add}.
 *
 * <p>Implementations are immutable and thread-safe, with a public no-argument constructor.
 */
public interface TransformerProvider {

  /**
   * The stable lowercase name policies use: {@code "hmac"}, {@code "ff1"}, {@code "email"},
   * {@code "cryptopan"}, ... Matches {@code [a-z0-9][a-z0-9-]*}.
   */
  String name();

  /** One line for {@code --help} listings and error messages. */
  default String description() {
    return name();
  }

  /** Whether {@link #create} reads {@link TransformerContext#key()}; keyless ones need no master key. */
  default boolean requiresKey() {
    return true;
  }

  /**
   * Creates a transformer for one field. Validates the parameters at once (call
   * {@link org.anonkit.Parameters#requireOnly} first), throwing {@link org.anonkit.PolicyException}
   * with the parameter's path. The transformer's results must depend on the field only through the key
   * (see {@link TransformerContext}). A provider whose transformers are costly to create or keep large
   * memos may return one instance for every rule with the same parameters, through
   * {@link TransformerContext#shared}, when neither they nor the children they create depend on the
   * field's key domain.
   */
  Transformer create(TransformerContext context);
}
