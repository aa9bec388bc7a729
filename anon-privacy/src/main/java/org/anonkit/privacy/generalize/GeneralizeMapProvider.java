package org.anonkit.privacy.generalize;

import java.util.List;
import java.util.Map;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code generalize-map}: replaces a categorical value by its generalization from a table
 * (site &rarr; region). Keyless. Unmapped values fail closed unless {@code default} is set.
 *
 * <p>Parameters: {@code mapping} (required object of strings: value &rarr; generalization),
 * {@code default} (optional string for unmapped values).
 *
 * <p>Immutable and thread-safe.
 */
public final class GeneralizeMapProvider implements TransformerProvider {
  @Override
  public String name() {
    return "generalize-map";
  }

  @Override
  public String description() {
    return "replace categorical values by their generalization from a mapping (keyless)";
  }

  @Override
  public boolean requiresKey() {
    return false;
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'generalize-map'", "mapping", "default");
    if (!p.has("mapping")) {
      throw new PolicyException(p.pathOf("mapping"), "required object parameter is missing");
    }
    Map<String, String> mapping = p.getStringMap("mapping");
    if (mapping.isEmpty()) {
      throw new PolicyException(p.pathOf("mapping"), "expected at least one entry");
    }
    return Hierarchy.map(List.of(mapping), p.getString("default", null)).asTransformer(1);
  }
}
