package org.anonkit.fpe.internal;

import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code ff1} transformer: FF1 format-preserving encryption (NIST SP 800-38G Rev 1) within an alphabet, keeping length; reversible.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/ff1/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Parameters: {@code alphabet}, {@code chars} or {@code radix} (exactly one), {@code tweak},
 * {@code shortValues} and {@code separators} (characters kept in place, e.g. {@code "._-"} for user names
 * such as {@code jane.doe}; the others are encrypted together under a tweak holding the layout); see
 * {@link CipherTransformer} for each.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ff1Provider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public Ff1Provider() {}

  @Override
  public String name() {
    return "ff1";
  }

  @Override
  public String description() {
    return "FF1 format-preserving encryption (NIST SP 800-38G Rev 1) within an alphabet, keeping length; reversible";
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'ff1'", "alphabet", "chars", "radix", "tweak", "shortValues", "separators");
    return CipherTransformer.ff1(context, CipherTransformer.alphabet(p), "fail");
  }
}
