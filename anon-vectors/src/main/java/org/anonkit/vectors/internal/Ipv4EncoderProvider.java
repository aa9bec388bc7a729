package org.anonkit.vectors.internal;

import java.util.ArrayList;
import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code ipv4}: a dotted-quad address into a {@code uint32} column (the address as an unsigned
 * 32-bit number), plus one {@code uint32} column per entry of {@code prefixes} (any of 8, 16, 24):
 * column {@code p24} holds {@code address >>> 8}, the /24 network number. Crypto-PAn keeps prefixes,
 * so these features mean the same in clear and anonymized data.
 *
 * <p>With {@code extract: true} the first dotted quad inside the text is used, so HTCondor "sinful"
 * strings such as {@code <131.225.1.2:9618?addrs=...>} are accepted. Immutable and thread-safe.
 */
public final class Ipv4EncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return "ipv4";
  }

  @Override
  public String description() {
    return "IPv4 address to uint32, with optional /8 /16 /24 prefix columns";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'ipv4'", "prefixes", "extract");
    boolean extract = p.getBoolean("extract", false);
    Object raw = p.get("prefixes");
    List<Integer> prefixes = new ArrayList<>();
    if (raw != null) {
      if (!(raw instanceof List)) {
        throw new PolicyException(p.pathOf("prefixes"), "expected a list of prefix lengths from [8, 16, 24]");
      }
      for (Object o : (List<?>) raw) {
        if (!(o instanceof Long) || !(o.equals(8L) || o.equals(16L) || o.equals(24L))
            || prefixes.contains(((Long) o).intValue())) {
          throw new PolicyException(p.pathOf("prefixes"), "expected distinct prefix lengths from [8, 16, 24]");
        }
        prefixes.add(((Long) o).intValue());
      }
    }
    return new Ipv4Encoder(prefixes, extract);
  }

  private static final class Ipv4Encoder implements Encoder {
    private final List<Column> columns;
    private final int[] shifts;
    private final boolean extract;

    Ipv4Encoder(List<Integer> prefixes, boolean extract) {
      List<Column> cols = new ArrayList<>();
      cols.add(Column.dense("", ColumnType.UINT32));
      shifts = new int[prefixes.size()];
      for (int i = 0; i < shifts.length; i++) {
        cols.add(Column.dense("p" + prefixes.get(i), ColumnType.UINT32));
        shifts[i] = 32 - prefixes.get(i);
      }
      this.columns = List.copyOf(cols);
      this.extract = extract;
    }

    @Override
    public List<Column> columns() {
      return columns;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        for (int c = 0; c < columns.size(); c++) {
          out.putMissing(c);
        }
        return;
      }
      long ip = -1;
      if (extract) {
        for (int i = 0, n = value.length(); i < n && ip < 0; i++) {
          char c = value.charAt(i);
          if (c >= '0' && c <= '9' && (i == 0 || !isAddressChar(value.charAt(i - 1)))) {
            ip = parse(value, i, false);
          }
        }
      } else {
        ip = parse(value, 0, true);
      }
      if (ip < 0) {
        throw new InvalidInputException("expected an IPv4 dotted quad; got text of length " + value.length());
      }
      out.putLong(0, ip);
      for (int k = 0; k < shifts.length; k++) {
        out.putLong(k + 1, ip >>> shifts[k]);
      }
    }

    private static boolean isAddressChar(char c) {
      return (c >= '0' && c <= '9') || c == '.';
    }

    /** The address starting at {@code start}, or -1; {@code whole} requires it to end the text. */
    private static long parse(CharSequence s, int start, boolean whole) {
      int n = s.length();
      long ip = 0;
      int i = start;
      for (int part = 0; part < 4; part++) {
        int v = 0;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 4) {
          v = v * 10 + (s.charAt(i) - '0');
          i++;
          digits++;
        }
        if (digits == 0 || digits > 3 || v > 255) {
          return -1;
        }
        ip = (ip << 8) | v;
        if (part < 3) {
          if (i >= n || s.charAt(i) != '.') {
            return -1;
          }
          i++;
        }
      }
      if (whole ? i != n : i < n && isAddressChar(s.charAt(i))) {
        return -1;
      }
      return ip;
    }
  }
}
