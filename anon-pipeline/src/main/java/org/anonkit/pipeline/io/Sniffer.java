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
      return looksLikeAttribute(b, s, eol) ? Optional.of(RecordFormat.CONDOR) : Optional.empty();
    }
    return Optional.empty();
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
