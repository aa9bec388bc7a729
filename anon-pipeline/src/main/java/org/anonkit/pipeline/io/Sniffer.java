package org.anonkit.pipeline.io;

import java.util.Optional;

/** Content-based format detection for {@link RecordFormat#sniff(byte[], int)}. Stateless. */
final class Sniffer {
  private Sniffer() {}

  static Optional<RecordFormat> sniff(byte[] b, int n) {
    int i = 0;
    if (n >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < n) {
      int eol = i;
      while (eol < n && b[eol] != '\n') {
        eol++;
      }
      int s = i;
      while (s < eol && (Framing.isBlank(b[s]))) {
        s++;
      }
      if (s == eol || !Framing.Condor.isContentLine(b, s, eol)) {
        i = eol + 1;
        continue;
      }
      if (b[s] == '[') {
        return Optional.of(RecordFormat.CONDOR_JSON);
      }
      if (b[s] == '{') {
        // A whole object on the first line means JSON lines; an object spread over lines is condor -json.
        Framing.JsonObjects f = new Framing.JsonObjects();
        f.begin();
        int end = f.scan(b, s, s, eol);
        if (end > 0) {
          int t = end;
          while (t < eol && Framing.isBlank(b[t])) {
            t++;
          }
          return Optional.of(t == eol ? RecordFormat.JSONL : RecordFormat.CONDOR_JSON);
        }
        return Optional.of(RecordFormat.CONDOR_JSON);
      }
      if (looksLikeAttribute(b, s, eol)) {
        return Optional.of(RecordFormat.CONDOR);
      }
      if (looksLikeCsv(b, s, eol, n)) {
        return Optional.of(RecordFormat.CSV);
      }
      // a condor -json object or array opened on a line of its own below text that is no record: condor_q
      // -nobatch -json's header line, '//' notes (the real sample 04)
      return objectLineBelow(b, eol + 1, n) ? Optional.of(RecordFormat.CONDOR_JSON) : Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * A CSV header (two columns or more, each a field name as {@link FieldNames#isFieldName} reads one) on
   * the line {@code b[s, eol)}, and a next line with a comma: a single line of words stays unknown.
   */
  private static boolean looksLikeCsv(byte[] b, int s, int eol, int n) {
    int e = eol > s && b[eol - 1] == '\r' ? eol - 1 : eol;
    if (indexOf(b, (byte) ',', s, e) < 0) {
      return false;
    }
    String[] why = new String[1];
    if (CsvParser.header(java.util.Arrays.copyOfRange(b, s, e), new NameTable(), why) == null) {
      return false;
    }
    int next = eol + 1;
    while (true) { // the next line that is not blank
      int nextEol = next;
      while (nextEol < n && b[nextEol] != '\n') {
        nextEol++;
      }
      int c = next;
      while (c < nextEol && Framing.isBlank(b[c])) {
        c++;
      }
      if (c < nextEol || nextEol >= n) {
        return c < nextEol && indexOf(b, (byte) ',', c, nextEol) >= 0;
      }
      next = nextEol + 1;
    }
  }

  /**
   * Whether a line of {@code b[from, n)} holds only '{' or '[' (blanks around it) before any line that reads
   * as a {@code -long} attribute (a -long file whose first line is text is not condor -json, review 38).
   */
  private static boolean objectLineBelow(byte[] b, int from, int n) {
    int i = from;
    while (i < n) {
      int eol = i;
      while (eol < n && b[eol] != '\n') {
        eol++;
      }
      int s = i;
      while (s < eol && Framing.isBlank(b[s])) {
        s++;
      }
      int e = eol;
      while (e > s && Framing.isBlank(b[e - 1])) {
        e--;
      }
      if (e == s + 1 && (b[s] == '{' || b[s] == '[')) {
        return true;
      }
      if (s < e && looksLikeAttribute(b, s, e)) {
        return false;
      }
      i = eol + 1;
    }
    return false;
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean looksLikeAttribute(byte[] b, int s, int eol) {
    int i = s;
    if (i >= eol || !ClassAdParser.isNameStart(b[i])) {
      return false;
    }
    while (i < eol && ClassAdParser.isNamePart(b[i])) {
      i++;
    }
    while (i < eol && Framing.isBlank(b[i])) {
      i++;
    }
    return i < eol && b[i] == '=';
  }
}
