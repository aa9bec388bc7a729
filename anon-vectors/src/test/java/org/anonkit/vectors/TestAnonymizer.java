package org.anonkit.vectors;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TEST STAND-IN for the real pipeline (anon-hmac, anon-cryptopan), so this module's tests need no
 * other technique module: identifiers become keyed HMAC-SHA-256 tokens (injective with overwhelming
 * probability, checked by the tests), and IPv4 addresses are remapped by a keyed prefix-preserving
 * permutation of each octet given the octets before it (the property Crypto-PAn provides: the same
 * /8, /16, /24 stay the same, different ones stay different). Not for production use.
 */
final class TestAnonymizer {
  private final Mac mac;
  private final Map<String, int[]> permutations = new HashMap<>();

  TestAnonymizer(String key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String token(String domain, String value) {
    byte[] d = mac.doFinal((domain + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder("t");
    for (int i = 0; i < 12; i++) {
      sb.append(String.format("%02x", d[i]));
    }
    return sb.toString();
  }

  private int[] permutation(String prefix) {
    return permutations.computeIfAbsent(prefix, p -> {
      byte[] d = mac.doFinal(("ip\u0000" + p).getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = seed << 8 | (d[i] & 0xFF);
      }
      int[] perm = new int[256];
      for (int i = 0; i < 256; i++) {
        perm[i] = i;
      }
      Random r = new Random(seed);
      for (int i = 255; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      return perm;
    });
  }

  String ipv4(String dotted) {
    String[] o = dotted.split("\\.");
    StringBuilder out = new StringBuilder();
    String prefix = "";
    for (int i = 0; i < 4; i++) {
      int v = permutation(prefix)[Integer.parseInt(o[i])];
      prefix = prefix + o[i] + ".";
      out.append(i == 0 ? "" : ".").append(v);
    }
    return out.toString();
  }

  /** The anonymized copy of a generated job (same field order). */
  JobGenerator.Job anonymize(JobGenerator.Job job) {
    JobGenerator.Job a = new JobGenerator.Job();
    a.failed = job.failed;
    for (Map.Entry<String, String> e : job.fields.entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "Owner":
        case "OwnerHash":
          v = token("user", v) + "@anon.invalid";
          break;
        case "Site":
          v = token("site", v);
          break;
        case "StartdIpAddr": {
          String ip = v.substring(1, v.indexOf(':'));
          String anon = ipv4(ip);
          v = "<" + anon + ":9618?addrs=" + anon + "-9618&noUDP&sock=startd_1234>";
          break;
        }
        case "Tags": {
          StringBuilder sb = new StringBuilder();
          for (String t : v.split(",")) {
            if (!t.isEmpty()) {
              sb.append(sb.length() == 0 ? "" : ",").append(token("tag", t));
            }
          }
          v = sb.toString();
          break;
        }
        default:
          break;
      }
      a.fields.put(e.getKey(), v);
    }
    return a;
  }
}
