package org.anonkit.pipeline.io;

/** Literal grammars shared by readers, writers and {@link FieldRecord}. Stateless. */
final class Literals {
  private Literals() {}

  static boolean isJsonInteger(CharSequence s) {
    int n = s.length();
    int i = 0;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return false;
    }
    if (s.charAt(i) == '0') {
      return i + 1 == n;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** JSON number grammar (RFC 8259 section 6), integer or not. */
  static boolean isJsonNumber(CharSequence s) {
    return jsonNumberEnd(s, 0) == s.length() && s.length() > 0;
  }

  /** Returns the end of a JSON number starting at {@code i}, or -1. */
  private static int jsonNumberEnd(CharSequence s, int i) {
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return -1;
    }
    char c = s.charAt(i);
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      return -1;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int d = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == d) {
        return -1;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int d = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == d) {
        return -1;
      }
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
