package org.anonkit.vectors;

/** UTF-8 encoding of a CharSequence into a caller's buffer, without allocation. Thread-safe. */
final class Utf8 {
  private Utf8() {}

  /**
   * Encodes {@code s} into {@code out} (which must hold {@code 3 * s.length()} bytes) and returns the
   * number of bytes written. Unpaired surrogates become {@code '?'}.
   */
  static int encode(CharSequence s, byte[] out) {
    int n = s.length();
    int j = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[j++] = (byte) c;
      } else if (c < 0x800) {
        out[j++] = (byte) (0xC0 | (c >> 6));
        out[j++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out[j++] = (byte) (0xF0 | (cp >> 18));
          out[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[j++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          out[j++] = '?';
        }
      } else {
        out[j++] = (byte) (0xE0 | (c >> 12));
        out[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[j++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return j;
  }
}
