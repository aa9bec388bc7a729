package org.anonkit.pipeline.io;

import java.nio.charset.StandardCharsets;

/** Decodes HTCondor {@code -long} ads: {@code Name = value} lines with ClassAd literals. */
final class ClassAdParser extends BaseParser {
  private final NameTable.Cache names;
  private final StringBuilder sb = new StringBuilder();
  private final DuplicateNames duplicates = new DuplicateNames();

  ClassAdParser(NameTable table, int maxRecord) {
    super(maxRecord);
    this.names = new NameTable.Cache(table);
  }

  private static final boolean[] NAME_START = new boolean[256];
  private static final boolean[] NAME_PART = new boolean[256];

  static {
    for (int c = 0; c < 128; c++) {
      NAME_START[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      NAME_PART[c] = NAME_START[c] || (c >= '0' && c <= '9') || c == '.';
    }
  }

  static boolean isNameStart(byte c) {
    return NAME_START[c & 0xff];
  }

  static boolean isNamePart(byte c) {
    return NAME_PART[c & 0xff];
  }

  @Override
  String decode(byte[] b, int s, int e, long line) {
    int i = s;
    long ln = line;
    duplicates.begin();
    while (i < e) {
      int eol = Framing.indexOfNewline(b, i, e);
      if (eol < 0) {
        eol = e;
      }
      int le = eol;
      if (le > i && b[le - 1] == '\r') {
        le--;
      }
      if (Framing.Condor.isContentLine(b, i, le)) {
        String err = attribute(b, i, le, record.size() + 1);
        if (err != null) {
          return "line " + ln + ": " + err;
        }
      }
      i = eol + 1;
      ln++;
    }
    return record.size() == 0 ? "ad has no attributes" : null;
  }

  private String attribute(byte[] b, int i, int le, int field) {
    while (i < le && Framing.isBlank(b[i])) {
      i++;
    }
    int ns = i;
    if (!isNameStart(b[i])) {
      return "expected 'Name = value' (attribute name must start with a letter or '_')";
    }
    int h = 0;
    while (i < le && isNamePart(b[i])) {
      h = 31 * h + b[i];
      i++;
    }
    int ne = i;
    while (i < le && Framing.isBlank(b[i])) {
      i++;
    }
    if (i == le || b[i] != '=') {
      return "expected 'Name = value'";
    }
    i++;
    while (i < le && Framing.isBlank(b[i])) {
      i++;
    }
    int ve = le;
    while (ve > i && Framing.isBlank(b[ve - 1])) {
      ve--;
    }
    if (i == ve) {
      return "attribute has no value";
    }
    String name = names.asciiName(b, ns, ne, h);
    if (name == null) { // the attribute grammar above admits field names only; checked all the same
      return FieldNames.reason(field);
    }
    if (duplicates.repeated(name)) {
      return DuplicateNames.reason(name);
    }
    return value(name, b, i, ve);
  }

  private String value(String name, byte[] b, int vs, int ve) {
    byte c = b[vs];
    if (c == '"') {
      boolean escapes = false;
      int j = vs + 1;
      while (j < ve) {
        byte x = b[j];
        if (x == '\\') {
          escapes = true;
          j += 2;
          continue;
        }
        if (x == '"') {
          break;
        }
        j++;
      }
      if (j >= ve) {
        return "unterminated string";
      }
      if (j == ve - 1) {
        String text = escapes ? unescape(b, vs + 1, j)
            : new String(b, vs + 1, j - vs - 1, StandardCharsets.UTF_8);
        record.addUnchecked(name, FieldKind.STRING, text);
        return null;
      }
      // a string followed by more: an expression such as "a" + "b"
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      FieldKind k = number(b, vs, ve);
      if (k != null) {
        record.addUnchecked(name, k, new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
        return null;
      }
    } else if (ve - vs == 4 && word(b, vs, "true")) {
      record.addUnchecked(name, FieldKind.BOOLEAN, "true");
      return null;
    } else if (ve - vs == 5 && word(b, vs, "false")) {
      record.addUnchecked(name, FieldKind.BOOLEAN, "false");
      return null;
    } else if (ve - vs == 9 && word(b, vs, "undefined")) {
      record.addUnchecked(name, FieldKind.UNDEFINED, "");
      return null;
    }
    record.addUnchecked(name, FieldKind.RAW, new String(b, vs, ve - vs, StandardCharsets.UTF_8));
    return null;
  }

  /** ClassAd string escapes: {@code \"}, {@code \\}, {@code \n}, {@code \r}; any other stays as is. */
  private String unescape(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
    StringBuilder out = sb;
    out.setLength(0);
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char ch = raw.charAt(i);
      if (ch == '\\' && i + 1 < n) {
        char nx = raw.charAt(i + 1);
        if (nx == '"' || nx == '\\') {
          out.append(nx);
          i++;
          continue;
        } else if (nx == 'n') {
          out.append('\n');
          i++;
          continue;
        } else if (nx == 'r') {
          out.append('\r');
          i++;
          continue;
        }
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static boolean word(byte[] b, int s, String w) {
    for (int i = 0; i < w.length(); i++) {
      if ((b[s + i] | 0x20) != w.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** INTEGER or REAL if {@code b[s, e)} is a JSON number literal, else null. */
  static FieldKind number(byte[] b, int s, int e) {
    int i = s;
    if (b[i] == '-') {
      i++;
    }
    if (i >= e) {
      return null;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
    } else {
      return null;
    }
    boolean real = false;
    if (i < e && b[i] == '.') {
      real = true;
      int d = ++i;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == d) {
        return null;
      }
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      real = true;
      i++;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = i;
      while (i < e && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == d) {
        return null;
      }
    }
    if (i != e) {
      return null;
    }
    return real ? FieldKind.REAL : FieldKind.INTEGER;
  }
}
