package org.anonkit.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.pipeline.io.Compression;

/**
 * Scans every file under a directory (decompressing .gz/.zst) for clear values, ASCII
 * case-insensitively and as whole words (the characters around a hit are not letters or digits, so a
 * Base32 token that happens to contain "jdoe" is not a hit). An IPv4 address is also looked for written
 * with dashes, as a worker's name carries it. Reports "file: value" without context.
 */
public final class LeakScanner {
  private static final java.util.regex.Pattern DOTTED_QUAD =
      java.util.regex.Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

  private LeakScanner() {}

  public static List<String> scan(Path dir, List<String> values) throws IOException {
    List<String> all = new ArrayList<>(values);
    for (String v : values) {
      if (DOTTED_QUAD.matcher(v).matches()) {
        all.add(v.replace('.', '-')); // an address spelled in a name: CRUSH-OSG-C7-10-5-49-28
      }
    }
    Map<String, List<String>> byAnchor = new HashMap<>();
    for (String v : all) {
      String lv = v.toLowerCase(Locale.ROOT);
      int lead = 0;
      while (lead < lv.length() && !isWord(lv.charAt(lead))) {
        lead++; // "/DC=org/..." is looked for from "dc=org/..."
      }
      lv = lv.substring(lead);
      int s = 0;
      while (s < lv.length() && !isWord(lv.charAt(s))) {
        s++;
      }
      int e = s;
      while (e < lv.length() && isWord(lv.charAt(e))) {
        e++;
      }
      if (s != 0 || e == s) {
        throw new IllegalArgumentException("values must start with a letter or digit");
      }
      byAnchor.computeIfAbsent(lv.substring(s, e), k -> new ArrayList<>()).add(lv);
    }
    List<String> hits = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> st = Files.walk(dir)) {
      files = st.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      String text;
      try (InputStream in = Compression.fromFileName(f.getFileName().toString()).decompress(Files.newInputStream(f))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      }
      int i = 0;
      int n = text.length();
      while (i < n) {
        if (!isWord(text.charAt(i))) {
          i++;
          continue;
        }
        int e = i;
        while (e < n && isWord(text.charAt(e))) {
          e++;
        }
        List<String> cands = byAnchor.get(text.substring(i, e));
        if (cands != null && (i == 0 || !isWord(text.charAt(i - 1)))) {
          for (String v : cands) {
            int end = i + v.length();
            if (text.startsWith(v, i) && (end >= n || !isWord(text.charAt(end)) || !isWord(v.charAt(v.length() - 1)))) {
              hits.add(dir.relativize(f) + ": " + v);
            }
          }
        }
        i = e;
      }
    }
    return hits;
  }

  private static boolean isWord(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }
}
