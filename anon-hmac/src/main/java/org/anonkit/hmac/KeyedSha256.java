package org.anonkit.hmac;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.anonkit.InvalidInputException;

/**
 * HMAC-SHA-256 (RFC 2104, FIPS 198-1) with the keyed inner and outer SHA-256 states computed once.
 *
 * <p>{@code javax.crypto.Mac} hashes {@code K ^ ipad} and {@code K ^ opad} again for every message: a
 * short message costs four SHA-256 compressions. Here both pads are absorbed once into template
 * {@link MessageDigest}s; each message clones the templates, so a message shorter than 56 bytes costs
 * two compressions. Staying on {@code MessageDigest} keeps the JDK's SHA-256 intrinsics (SHA-NI or
 * AVX2 stubs for {@code sun.security.provider.SHA2.implCompress}).
 *
 * <p>If the installed SHA-256 implementation cannot be cloned (some FIPS providers), each message
 * re-absorbs the pads instead: same result, four compressions.
 *
 * <p>Immutable and thread-safe; per-thread state lives in {@link Worker}.
 */
final class KeyedSha256 {
  static final int MAC_LENGTH = 32;
  private static final int BLOCK = 64;
  /** UTF-8 staging buffer; values longer than this are fed to the digest in chunks. */
  static final int BUFFER = 1024;

  private final MessageDigest innerTemplate; // absorbed K ^ ipad; only ever cloned
  private final MessageDigest outerTemplate; // absorbed K ^ opad; only ever cloned
  private final byte[] ipad; // kept only when cloning is impossible
  private final byte[] opad;

  KeyedSha256(byte[] key, boolean allowClone) {
    MessageDigest md = newSha256();
    byte[] k = key.length > BLOCK ? md.digest(key) : key.clone();
    byte[] ip = new byte[BLOCK];
    byte[] op = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ip[i] = (byte) (b ^ 0x36);
      op[i] = (byte) (b ^ 0x5c);
    }
    Arrays.fill(k, (byte) 0);
    MessageDigest inner = newSha256();
    inner.update(ip);
    MessageDigest outer = newSha256();
    outer.update(op);
    boolean cloneable = allowClone && canClone(inner);
    if (cloneable) {
      this.innerTemplate = inner;
      this.outerTemplate = outer;
      this.ipad = null;
      this.opad = null;
      Arrays.fill(ip, (byte) 0);
      Arrays.fill(op, (byte) 0);
    } else {
      this.innerTemplate = null;
      this.outerTemplate = null;
      this.ipad = ip;
      this.opad = op;
    }
  }

  /** Whether messages cost two compressions (cloned keyed states) rather than four. */
  boolean precomputed() {
    return innerTemplate != null;
  }

  Worker newWorker(int outChars) {
    return new Worker(this, outChars);
  }

  private static boolean canClone(MessageDigest md) {
    try {
      md.clone();
      return true;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java SE platform", e);
    }
  }

  private static MessageDigest copy(MessageDigest template) {
    try {
      return (MessageDigest) template.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest stopped being cloneable", e);
    }
  }

  /** One thread's buffers and digest templates. Not thread-safe. */
  static final class Worker {
    final byte[] utf8 = new byte[BUFFER];
    final byte[] inner = new byte[MAC_LENGTH];
    final byte[] mac = new byte[MAC_LENGTH];
    /** Output bytes (ASCII/Latin-1); callers keep their prefix at the front. */
    final byte[] out;
    private final MessageDigest innerTemplate;
    private final MessageDigest outerTemplate;
    private final MessageDigest plain; // fallback only
    private final byte[] ipad;
    private final byte[] opad;

    private Worker(KeyedSha256 keyed, int outBytes) {
      this.out = new byte[outBytes];
      if (keyed.innerTemplate != null) {
        // Own copies, so threads never touch a shared digest object.
        this.innerTemplate = copy(keyed.innerTemplate);
        this.outerTemplate = copy(keyed.outerTemplate);
        this.plain = null;
      } else {
        this.innerTemplate = null;
        this.outerTemplate = null;
        this.plain = newSha256();
      }
      this.ipad = keyed.ipad;
      this.opad = keyed.opad;
    }

    /**
     * Computes HMAC-SHA-256 of the UTF-8 encoding of {@code value} into {@link #mac}.
     *
     * @throws InvalidInputException if {@code value} holds an unpaired surrogate (it has no UTF-8 form)
     */
    void mac(CharSequence value) {
      MessageDigest md = begin();
      absorbUtf8(md, value);
      finish(md);
    }

    /** Computes HMAC-SHA-256 of {@code data[offset, offset + length)} into {@link #mac}. */
    void mac(byte[] data, int offset, int length) {
      MessageDigest md = begin();
      md.update(data, offset, length);
      finish(md);
    }

    private MessageDigest begin() {
      if (innerTemplate != null) {
        return copy(innerTemplate);
      }
      plain.reset();
      plain.update(ipad);
      return plain;
    }

    private void finish(MessageDigest md) {
      try {
        md.digest(inner, 0, MAC_LENGTH);
        if (outerTemplate != null) {
          md = copy(outerTemplate);
        } else {
          md.update(opad);
        }
        md.update(inner, 0, MAC_LENGTH);
        md.digest(mac, 0, MAC_LENGTH);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException("SHA-256 rejected a 32-byte output buffer", e);
      }
    }

    private void absorbUtf8(MessageDigest md, CharSequence value) {
      byte[] buf = utf8;
      int len = value.length();
      // ASCII prefix (user names, hosts, emails): a tight copy loop.
      int i = 0;
      int limit = Math.min(len, BUFFER);
      for (; i < limit; i++) {
        char c = value.charAt(i);
        if (c >= 0x80) {
          break;
        }
        buf[i] = (byte) c;
      }
      int n = i;
      for (; i < len; i++) {
        if (n > BUFFER - 4) {
          md.update(buf, 0, n);
          n = 0;
        }
        char c = value.charAt(i);
        if (c < 0x80) {
          buf[n++] = (byte) c;
        } else if (c < 0x800) {
          buf[n++] = (byte) (0xc0 | (c >>> 6));
          buf[n++] = (byte) (0x80 | (c & 0x3f));
        } else if (!Character.isSurrogate(c)) {
          buf[n++] = (byte) (0xe0 | (c >>> 12));
          buf[n++] = (byte) (0x80 | ((c >>> 6) & 0x3f));
          buf[n++] = (byte) (0x80 | (c & 0x3f));
        } else {
          char low;
          if (!Character.isHighSurrogate(c) || i + 1 >= len
              || !Character.isLowSurrogate(low = value.charAt(i + 1))) {
            throw new InvalidInputException("value is not valid UTF-16: unpaired surrogate at character "
                + i + " of " + len + "; it has no UTF-8 encoding");
          }
          int cp = Character.toCodePoint(c, low);
          i++;
          buf[n++] = (byte) (0xf0 | (cp >>> 18));
          buf[n++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
          buf[n++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
          buf[n++] = (byte) (0x80 | (cp & 0x3f));
        }
      }
      if (n > 0) {
        md.update(buf, 0, n);
      }
    }
  }
}
