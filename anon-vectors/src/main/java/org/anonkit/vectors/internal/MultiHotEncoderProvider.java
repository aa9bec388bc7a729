package org.anonkit.vectors.internal;

import java.util.Arrays;
import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code multi-hot}: a list-valued field ({@code "a,b,c"}, split on {@code separator}, default
 * {@code ","}, items trimmed unless {@code trim: false}, empty items skipped) into a ragged
 * {@code int32} list column of the distinct items' dictionary codes (in order of first appearance in
 * the row). With the dictionary, row {@code i} is the multi-hot vector
 * {@code np.zeros(len(dictionary))[codes[offsets[i]:offsets[i+1]]] = 1}. A missing value is an empty
 * list. Dictionary options as for {@code categorical}. Immutable and thread-safe; its encoders are not.
 */
public final class MultiHotEncoderProvider implements EncoderProvider {
  static final List<Encoder.Column> COLUMNS =
      List.of(Encoder.Column.list("", ColumnType.INT32, true));

  @Override
  public String name() {
    return "multi-hot";
  }

  @Override
  public String description() {
    return "list-valued field to a ragged list of int32 dictionary codes";
  }

  @Override
  public Encoder create(EncoderContext context) {
    List<String> allowed = new java.util.ArrayList<>(List.of(DictionaryOptions.NAMES));
    allowed.add("separator");
    allowed.add("trim");
    Parameters p = context.parameters().requireOnly("encoder 'multi-hot'", allowed.toArray(new String[0]));
    String separator = p.getString("separator", ",");
    if (separator.isEmpty()) {
      throw new PolicyException(p.pathOf("separator"), "separator must not be empty");
    }
    return new ListEncoder(new DictionaryOptions(p), separator, p.getBoolean("trim", true));
  }

  /** Splits and codes items; reuses its scratch arrays. */
  static final class ListEncoder implements Encoder {
    private final DictionaryOptions options;
    private final Dictionary dictionary;
    private final String separator;
    private final boolean trim;
    private final Slice slice = new Slice();
    private int[] rowCodes = new int[8];

    ListEncoder(DictionaryOptions options, String separator, boolean trim) {
      this.options = options;
      this.dictionary = options.newDictionary();
      this.separator = separator;
      this.trim = trim;
    }

    @Override
    public List<Column> columns() {
      return COLUMNS;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        return;
      }
      int n = value.length();
      int count = 0;
      int start = 0;
      while (start <= n) {
        int end = indexOf(value, start);
        int a = start;
        int b = end;
        if (trim) {
          while (a < b && Character.isWhitespace(value.charAt(a))) {
            a++;
          }
          while (b > a && Character.isWhitespace(value.charAt(b - 1))) {
            b--;
          }
        }
        if (b > a) {
          slice.set(value, a, b);
          int code = dictionary.code(slice);
          if (code < 0 && !options.unknownMissing) {
            throw DictionaryOptions.unknown(slice);
          }
          if (code >= 0 && !contains(rowCodes, count, code)) {
            if (count == rowCodes.length) {
              rowCodes = Arrays.copyOf(rowCodes, count * 2);
            }
            rowCodes[count++] = code;
            out.addElement(0, code);
          }
        }
        start = end + separator.length();
      }
    }

    private int indexOf(CharSequence s, int from) {
      int n = s.length();
      int m = separator.length();
      char first = separator.charAt(0);
      outer:
      for (int i = from; i <= n - m; i++) {
        if (s.charAt(i) != first) {
          continue;
        }
        for (int k = 1; k < m; k++) {
          if (s.charAt(i + k) != separator.charAt(k)) {
            continue outer;
          }
        }
        return i;
      }
      return n;
    }

    private static boolean contains(int[] a, int n, int v) {
      for (int i = 0; i < n; i++) {
        if (a[i] == v) {
          return true;
        }
      }
      return false;
    }

    @Override
    public List<String> dictionary() {
      return dictionary.values();
    }

    @Override
    public int[] finish() {
      return options.sorted ? dictionary.sort() : null;
    }
  }

  /** A reusable view of part of a CharSequence (no copy). */
  static final class Slice implements CharSequence {
    private CharSequence s;
    private int start;
    private int end;

    void set(CharSequence s, int start, int end) {
      this.s = s;
      this.start = start;
      this.end = end;
    }

    @Override
    public int length() {
      return end - start;
    }

    @Override
    public char charAt(int index) {
      return s.charAt(start + index);
    }

    @Override
    public CharSequence subSequence(int a, int b) {
      return s.subSequence(start + a, start + b);
    }

    @Override
    public String toString() {
      return s.subSequence(start, end).toString();
    }
  }
}
