package org.anonkit.privacy.generalize;

import java.util.List;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code generalize-number}: replaces a number by its interval. Keyless.
 *
 * <p>Parameters: either {@code width} (positive number) with optional {@code origin} (default 0),
 * giving {@code [lo,hi)} with {@code lo = origin + width * floor((x - origin) / width)}; or
 * {@code cuts} (a list of increasing numbers), giving {@code <c0}, {@code [ci,ci+1)} or
 * {@code >=ck}.
 *
 * <p>Immutable and thread-safe.
 */
public final class GeneralizeNumberProvider implements TransformerProvider {
  @Override
  public String name() {
    return "generalize-number";
  }

  @Override
  public String description() {
    return "replace numbers by intervals of a fixed width or between cut points (keyless)";
  }

  @Override
  public boolean requiresKey() {
    return false;
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'generalize-number'", "width", "origin", "cuts");
    boolean hasWidth = p.has("width");
    boolean hasCuts = p.has("cuts");
    if (hasWidth == hasCuts) {
      throw new PolicyException(p.path(), "give exactly one of 'width' and 'cuts'");
    }
    try {
      if (hasWidth) {
        double width = p.getDouble("width", 0);
        return Hierarchy.intervals(p.getDouble("origin", 0), width).asTransformer(1);
      }
      if (p.has("origin")) {
        throw new PolicyException(p.pathOf("origin"), "'origin' applies to 'width' only");
      }
      Object raw = p.get("cuts");
      if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
        throw new PolicyException(p.pathOf("cuts"), "expected a non-empty list of numbers");
      }
      List<?> list = (List<?>) raw;
      double[] cuts = new double[list.size()];
      for (int i = 0; i < cuts.length; i++) {
        Object o = list.get(i);
        if (!(o instanceof Number)) {
          throw new PolicyException(p.pathOf("cuts") + "[" + i + "]", "expected a number");
        }
        cuts[i] = ((Number) o).doubleValue();
      }
      return Hierarchy.cutPoints(cuts).asTransformer(1);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(p.path(), e.getMessage());
    }
  }
}
