package org.anonkit.privacy.generalize;

/**
 * Redaction from the right: level {@code l} replaces the last {@code l * step} characters with
 * {@code *}, after padding to {@code width} characters with {@code pad} on the left (ZIP code,
 * host name style); a final {@code *} level.
 */
final class RedactFunction implements LevelFunction {
  private final int step;
  private final int steps;
  private final int width;
  private final char pad;

  RedactFunction(int step, int steps, int width, char pad) {
    if (step < 1 || steps < 1 || width < 0) {
      throw new IllegalArgumentException("redaction step and number of steps must be positive, width non-negative");
    }
    this.step = step;
    this.steps = steps;
    this.width = width;
    this.pad = pad;
  }

  @Override
  public int levels() {
    return steps + 2;
  }

  @Override
  public String apply(String value, int level) {
    if (level == levels() - 1) {
      return "*";
    }
    StringBuilder sb = new StringBuilder(Math.max(width, value.length()));
    for (int i = value.length(); i < width; i++) {
      sb.append(pad);
    }
    sb.append(value);
    int redact = Math.min(sb.length(), level * step);
    for (int i = sb.length() - redact; i < sb.length(); i++) {
      sb.setCharAt(i, '*');
    }
    return sb.toString();
  }
}
