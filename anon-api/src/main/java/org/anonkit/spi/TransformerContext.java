package org.anonkit.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.anonkit.KeyException;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.KeyPurpose;
import org.anonkit.key.MasterKey;

/**
 * Everything a {@link TransformerProvider} needs to create a transformer for one field: its
 * parameters, the field name, the linkage domain, and its key, derived for exactly this purpose.
 *
 * <p><b>Keys.</b> {@link #key()} is {@code master.derive("anonkit/v1/<transformer>/<domain>")} where
 * domain is the linkage domain if the policy gives one, else the lower-cased field name. In direct mode
 * (test vectors, {@code --key-hex}) it is the given key itself. Providers never see the master key.
 *
 * <p><b>Fields and domains.</b> A transformer's results may depend on its parameters and its key, and
 * so on the field only through the key domain: fields of one linkage domain get the same tokens, which
 * is what a domain is for. The field name itself is for messages. Providers that share one instance
 * between rules ({@link #shared}, {@code scrub-text} for its children) rely on this.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransformerContext {
  private final String transformerName;
  private final String fieldName;
  private final String linkageDomain;
  private final Parameters parameters;
  private final MasterKey masterKey;
  private final DerivedKey directKey;
  private final TransformerRegistry registry;
  private final SharedState sharedState;

  private TransformerContext(Builder b) {
    this.transformerName = b.transformerName;
    this.fieldName = b.fieldName;
    this.linkageDomain = b.linkageDomain;
    this.parameters = b.parameters;
    this.masterKey = b.masterKey;
    this.directKey = b.directKey;
    this.registry = b.registry;
    this.sharedState = b.sharedState;
  }

  /** Starts a context for the transformer named {@code transformerName}. */
  public static Builder builder(String transformerName) {
    return new Builder(transformerName);
  }

  public String transformerName() {
    return transformerName;
  }

  /** The field the transformer is for ({@code "*"} for a policy's default rule). */
  public String fieldName() {
    return fieldName;
  }

  public Optional<String> linkageDomain() {
    return Optional.ofNullable(linkageDomain);
  }

  /** The linkage domain, or else the lower-cased field name: the last part of the key purpose. */
  public String keyDomain() {
    return linkageDomain != null ? linkageDomain.toLowerCase(Locale.ROOT) : fieldName.toLowerCase(Locale.ROOT);
  }

  public Parameters parameters() {
    return parameters;
  }

  /** The registry, for transformers that delegate parts of a value to others. */
  public TransformerRegistry registry() {
    return registry;
  }

  /** Whether a key is available (keyless runs can still use keyless transformers). */
  public boolean hasKey() {
    return masterKey != null || directKey != null;
  }

  /** The id of the key in use, for manifests; {@code "none"} without a key. */
  public String keyId() {
    return masterKey != null ? masterKey.id() : directKey != null ? directKey.keyId() : "none";
  }

  /**
   * The key for this transformer and domain: derived, {@value DerivedKey#DEFAULT_LENGTH} bytes; in
   * direct mode, the key given directly whatever its length (HMAC accepts keys of any length, and
   * published vectors such as RFC 4231 use 4- to 131-byte keys). Transformers that need an exact
   * length call {@link #key(int)}.
   */
  public DerivedKey key() {
    return directKey != null ? directKey : key(DerivedKey.DEFAULT_LENGTH);
  }

  /** The key for this transformer and domain, {@code length} bytes long. */
  public DerivedKey key(int length) {
    if (directKey != null) {
      if (length != directKey.size()) {
        throw new KeyException("transformer '" + transformerName + "' needs a " + length
            + "-byte key; the key given directly has " + directKey.size() + " bytes");
      }
      return directKey;
    }
    if (masterKey == null) {
      throw new KeyException("transformer '" + transformerName + "' for field '" + fieldName
          + "' needs a key; give a key file or key source");
    }
    return masterKey.derive(KeyPurpose.of(transformerName, keyDomain()), length);
  }

  /**
   * Creates another transformer for the same field, key material and domain (or {@code domain} when
   * not {@code null}); e.g. {@code dn} hands its UID to {@code hmac} in the {@code user} domain.
   */
  public Transformer createChild(String childName, Parameters childParameters, String domain) {
    TransformerProvider provider = registry.provider(childName);
    Builder b = builder(childName).field(fieldName).parameters(childParameters).registry(registry);
    b.linkageDomain(domain != null ? domain : linkageDomain);
    b.masterKey = masterKey;
    b.directKey = directKey;
    b.sharedState = sharedState;
    return provider.create(b.build());
  }

  /**
   * A value shared by the transformers of one compiled policy (see {@link SharedState}): the one stored
   * under {@code key} for this transformer name, key and registry, else what {@code factory} makes.
   * Without a shared state (a context built on its own) it is {@code factory.get()}. The key must capture
   * everything the value depends on besides those: the parameters, and the field name or key domain if
   * the value depends on them.
   */
  public <T> T shared(Object key, Class<T> type, Supplier<? extends T> factory) {
    if (sharedState == null) {
      return factory.get();
    }
    return sharedState.get(transformerName, key, masterKey, directKey, registry, type, factory);
  }

  @Override
  public String toString() {
    return "TransformerContext{transformer=" + transformerName + ", field=" + fieldName
        + ", domain=" + keyDomain() + ", keyId=" + keyId() + ", parameters=" + parameters + "}";
  }

  /** Builds a {@link TransformerContext}. Not thread-safe. */
  public static final class Builder {
    private final String transformerName;
    private String fieldName = "*";
    private String linkageDomain;
    private Parameters parameters = Parameters.empty();
    private MasterKey masterKey;
    private DerivedKey directKey;
    private TransformerRegistry registry;
    private SharedState sharedState;

    private Builder(String transformerName) {
      this.transformerName = Objects.requireNonNull(transformerName, "transformerName");
    }

    public Builder field(String fieldName) {
      this.fieldName = Objects.requireNonNull(fieldName, "fieldName");
      return this;
    }

    /** The linkage domain shared by fields that must get the same tokens; {@code null} for none. */
    public Builder linkageDomain(String domain) {
      this.linkageDomain = domain;
      return this;
    }

    public Builder parameters(Parameters parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters");
      return this;
    }

    /** Keys are derived from {@code key} per purpose. */
    public Builder masterKey(MasterKey key) {
      this.masterKey = Objects.requireNonNull(key, "key");
      this.directKey = null;
      return this;
    }

    /** {@link TransformerContext#key()} returns {@code key} itself (test vectors, CLI vector modes). */
    public Builder directKey(DerivedKey key) {
      this.directKey = Objects.requireNonNull(key, "key");
      this.masterKey = null;
      return this;
    }

    public Builder registry(TransformerRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** What the transformers of one compilation share ({@link TransformerContext#shared}); none by default. */
    public Builder sharedState(SharedState state) {
      this.sharedState = Objects.requireNonNull(state, "state");
      return this;
    }

    public TransformerContext build() {
      if (registry == null) {
        registry = TransformerRegistry.defaultRegistry();
      }
      return new TransformerContext(this);
    }
  }
}
