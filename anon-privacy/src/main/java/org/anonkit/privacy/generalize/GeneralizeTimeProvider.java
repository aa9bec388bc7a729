package org.anonkit.privacy.generalize;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code generalize-time}: truncates a timestamp to a minute, hour, day, week (Monday),
 * month or year. Keyless.
 *
 * <p>Parameters: {@code unit} (required: {@code minute|hour|day|week|month|year}), {@code format}
 * ({@code epoch-seconds} default, {@code epoch-millis}, {@code iso}), {@code zone} (default
 * {@code UTC}). The output keeps the input format.
 *
 * <p>Immutable and thread-safe.
 */
public final class GeneralizeTimeProvider implements TransformerProvider {
  @Override
  public String name() {
    return "generalize-time";
  }

  @Override
  public String description() {
    return "truncate timestamps to minute/hour/day/week/month/year (keyless)";
  }

  @Override
  public boolean requiresKey() {
    return false;
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'generalize-time'", "unit", "format", "zone");
    String unit = p.getChoice("unit", null, TimeFunction.UNITS.toArray(new String[0]));
    String format = p.getChoice("format", "epoch-seconds", TimeFunction.FORMATS.toArray(new String[0]));
    ZoneId zone;
    try {
      zone = ZoneId.of(p.getString("zone", "UTC"));
    } catch (DateTimeException e) {
      throw new PolicyException(p.pathOf("zone"), "expected a time-zone id such as UTC or America/Chicago");
    }
    return Hierarchy.time(format, zone, List.of(unit)).asTransformer(1);
  }
}
