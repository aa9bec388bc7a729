package org.anonkit.hmac;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.spi.TransformerContext;

/**
 * Keyed pseudonyms: {@code token = prefix + encode(leading bits of HMAC-SHA-256(key, UTF-8(value)))}.
 * The same value and key always give the same token, so joins survive; without the key, a token
 * reveals nothing about its value beyond equality with other tokens.
 *
 * <p><b>Parameters</b> (transformer {@code hmac}):
 * <ul>
 *   <li>{@code encoding}: {@code base32} (RFC 4648 Base32, lowercase, unpadded; the default) or
 *       {@code hex} (lowercase).
 *   <li>{@code length}: token characters, not counting the prefix; default 16 Base32 (80 bits) or
 *       20 hex (80 bits); at most the whole 256-bit MAC, 52 Base32 or 64 hex characters.
 *   <li>{@code allowShortTokens}: must be {@code true} for tokens under 64 bits.
 *   <li>{@code prefix}: text put before every token, e.g. {@code u_} (at most 32 printable
 *       characters); default none.
 *   <li>{@code cacheSize}: the most memo cache entries (rounded up to a power of two; the table starts
 *       at 1,024 and grows while values repeat); 0 disables it; default {@value #DEFAULT_CACHE_SIZE}.
 * </ul>
 *
 * <p><b>Token length and the birthday bound.</b> A token of b bits is a truncated MAC, so distinct
 * values can share a token. Among n distinct values the chance that any two collide is about
 * {@code n²/2^(b+1)}, reaching 50% near {@code 1.18·2^(b/2)} values. At the default 80 bits that is
 * about 1.3·10<sup>12</sup> values, and a site with 5 million users has a collision chance of about
 * 10<sup>-11</sup>. At 64 bits (13 Base32 characters give 65) the same site has about 7·10<sup>-7</sup>;
 * at 40 bits (8 Base32 characters) a collision among 5 million users is practically certain, which is
 * why lengths under 64 bits need {@code allowShortTokens}. {@link #collisionProbability(long)}
 * computes the figure; {@link MappingStore} detects actual collisions.
 *
 * <p><b>Input.</b> The value's UTF-8 bytes; a value with an unpaired UTF-16 surrogate has none and is
 * rejected with {@link InvalidInputException} (two such values must not silently share a token).
 *
 * <p><b>Speed.</b> The keyed inner and outer SHA-256 states are computed once, so a value under 56
 * UTF-8 bytes costs two SHA-256 compressions instead of {@code javax.crypto.Mac}'s four; buffers are
 * per thread. A bounded memo cache (value → token, per instance) answers repeated values without
 * hashing at all, since job data repeats a few thousand users millions of times. It is a lock-free
 * 4-way set-associative table: a value is admitted on its second miss (so one-off values neither
 * allocate nor evict), an insertion into a full set replaces a random way, and the table grows from
 * 1,024 slots to {@code cacheSize} only while values repeat (a policy compiles many instances). It never changes a
 * result, holds values on the heap only and never writes, logs or prints them. Values longer than
 * {@value #MAX_CACHED_LENGTH} characters are not cached. For fields that hardly repeat (job ids,
 * timestamps) set {@code cacheSize: 0}: there a miss costs some 10-15% over no cache at all.
 *
 * <p><b>Security.</b> Pseudonymization is not anonymization: anyone holding the key can test a guess.
 * {@link #toString()} and every message name the field, key id and parameters, never a value, a token or
 * key material.
 *
 * <p>Immutable and thread-safe.
 */
public final class HmacSha256Pseudonymizer implements Transformer {
  /** The provider name. */
  public static final String NAME = "hmac";
  /** Default memo cache entries. */
  public static final int DEFAULT_CACHE_SIZE = 65_536;
  /** Largest accepted {@code cacheSize}. */
  public static final int MAX_CACHE_SIZE = 1 << 24;
  /** Tokens shorter than this many bits need {@code allowShortTokens}. */
  public static final int MIN_BITS = 64;
  /** Longer values are hashed every time rather than cached. */
  public static final int MAX_CACHED_LENGTH = 256;
  /** Longest accepted prefix. */
  public static final int MAX_PREFIX_LENGTH = 32;

  private final String keyId;
  private final String field;
  private final String domain;
  private final TokenEncoding encoding;
  private final int length;
  private final String prefix;
  private final KeyedSha256 keyed;
  private final MemoCache cache; // null when disabled
  private final boolean latin1Prefix;
  private final ThreadLocal<KeyedSha256.Worker> workers;

  private HmacSha256Pseudonymizer(String keyId, String field, String domain, TokenEncoding encoding,
      int length, String prefix, int cacheSize, KeyedSha256 keyed) {
    this.keyId = keyId;
    this.field = field;
    this.domain = domain;
    this.encoding = encoding;
    this.length = length;
    this.prefix = prefix;
    this.keyed = keyed;
    this.cache = cacheSize > 0 ? new MemoCache(cacheSize) : null;
    // Tokens are built as Latin-1 bytes (a String's compact form); a prefix outside Latin-1 is
    // concatenated afterwards instead.
    this.latin1Prefix = prefix.chars().allMatch(c -> c <= 0xff);
    byte[] prefixBytes = latin1Prefix ? prefix.getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
    int outBytes = prefixBytes.length + length;
    this.workers = ThreadLocal.withInitial(() -> {
      KeyedSha256.Worker w = keyed.newWorker(outBytes);
      System.arraycopy(prefixBytes, 0, w.out, 0, prefixBytes.length);
      return w;
    });
  }

  /**
   * Creates a pseudonymizer from a context: its parameters (see the class comment) and its key,
   * {@link TransformerContext#key()} (derived for {@code anonkit/v1/hmac/<field or domain>}, or given
   * directly for test vectors).
   *
   * @throws PolicyException for an unknown or invalid parameter, naming its path
   * @throws org.anonkit.KeyException if the context has no key
   */
  public static HmacSha256Pseudonymizer create(TransformerContext context) {
    return create(context, true);
  }

  /** {@code precompute=false} forces the four-compression path (tests of the fallback). */
  static HmacSha256Pseudonymizer create(TransformerContext context, boolean precompute) {
    Parameters p = context.parameters()
        .requireOnly("transformer '" + NAME + "'", "encoding", "length", "allowShortTokens", "prefix", "cacheSize");
    TokenEncoding encoding = TokenEncoding.fromPolicyName(
        p.getChoice("encoding", TokenEncoding.BASE32.policyName(), "base32", "hex"));
    int length = p.getInt("length", encoding.defaultLength(), 1, encoding.maxLength());
    boolean allowShort = p.getBoolean("allowShortTokens", false);
    int bits = encoding.bits(length);
    if (bits < MIN_BITS && !allowShort) {
      throw new PolicyException(p.pathOf("length"), length + " " + encoding.policyName() + " characters carry "
          + bits + " bits: distinct values start colliding after about 2^" + bits / 2
          + " of them (birthday bound); use at least " + encoding.lengthFor(MIN_BITS)
          + " characters, or set allowShortTokens: true to accept that");
    }
    String prefix = p.getString("prefix", "");
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw new PolicyException(p.pathOf("prefix"), "at most " + MAX_PREFIX_LENGTH + " characters, got " + prefix.length());
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        throw new PolicyException(p.pathOf("prefix"), "control or surrogate character at position " + i);
      }
    }
    int cacheSize = p.getInt("cacheSize", DEFAULT_CACHE_SIZE, 0, MAX_CACHE_SIZE);

    DerivedKey key = context.key();
    byte[] secret = key.secret().toByteArray(SecretAccess.get());
    KeyedSha256 keyed;
    try {
      keyed = new KeyedSha256(secret, precompute);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    return new HmacSha256Pseudonymizer(context.keyId(), context.fieldName(), context.keyDomain(),
        encoding, length, prefix, cacheSize, keyed);
  }

  /**
   * The token for {@code value}.
   *
   * @throws InvalidInputException if {@code value} contains an unpaired surrogate
   */
  @Override
  public String apply(CharSequence value) {
    Objects.requireNonNull(value, "value");
    MemoCache c = cache;
    if (c == null || value.length() > MAX_CACHED_LENGTH) {
      return compute(value);
    }
    int hash = MemoCache.hash(value);
    String token = c.get(value, hash);
    if (token == null) {
      token = compute(value);
      if (c.admit(hash)) {
        c.put(value.toString(), token, hash);
      }
    }
    return token;
  }

  private String compute(CharSequence value) {
    KeyedSha256.Worker w = workers.get();
    w.mac(value);
    if (latin1Prefix) {
      int p = prefix.length();
      encoding.encode(w.mac, KeyedSha256.MAC_LENGTH, length, w.out, p);
      return new String(w.out, 0, p + length, StandardCharsets.ISO_8859_1);
    }
    encoding.encode(w.mac, KeyedSha256.MAC_LENGTH, length, w.out, 0);
    return prefix.concat(new String(w.out, 0, length, StandardCharsets.ISO_8859_1));
  }

  /**
   * The chance that at least two of {@code distinctValues} distinct values share a token at this
   * length: {@code 1 - exp(-n(n-1)/2^(b+1))}.
   */
  public double collisionProbability(long distinctValues) {
    double n = distinctValues;
    return -Math.expm1(-n * (n - 1) / Math.pow(2, bits() + 1));
  }

  public TokenEncoding encoding() {
    return encoding;
  }

  /** Token characters after the prefix. */
  public int length() {
    return length;
  }

  /** MAC bits a token carries. */
  public int bits() {
    return encoding.bits(length);
  }

  public String prefix() {
    return prefix;
  }

  /** The id of the master key the token key was derived from, or {@code "direct"}. */
  public String keyId() {
    return keyId;
  }

  /** The field this instance was created for ({@code "*"} if none was named). */
  public String field() {
    return field;
  }

  /** The key domain: the linkage domain if the policy gives one, else the lower-cased field name. */
  public String domain() {
    return domain;
  }

  /** The memo cache's capacity in entries, 0 when disabled. */
  public int cacheCapacity() {
    return cache == null ? 0 : cache.capacity();
  }

  /** Whether the keyed SHA-256 states are precomputed (two compressions per short value). */
  boolean precomputed() {
    return keyed.precomputed();
  }

  /** Occupied cache slots (tests). */
  int cachedEntries() {
    return cache == null ? 0 : cache.size();
  }

  @Override
  public String toString() {
    return "HmacSha256Pseudonymizer{field=" + field + ", domain=" + domain + ", keyId=" + keyId
        + ", encoding=" + encoding.policyName() + ", length=" + length + " (" + bits() + " bits)"
        + (prefix.isEmpty() ? "" : ", prefix=" + prefix) + ", cache=" + cacheCapacity() + "}";
  }
}
