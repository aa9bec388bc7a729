package org.anonkit.spark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.anonkit.Anonymizer;
import org.anonkit.KeyException;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.io.FieldRecord;

/**
 * A job's policy compiled in this JVM: the key is loaded from the job's key source and the policy
 * compiled once per JVM per job (dictionary included), then shared by every task thread of the executor
 * ({@link Anonymizer} is thread-safe); per-thread state ({@link RecordAnonymizer}) is created per
 * partition or held in thread-locals. Key material stays inside the compiled transformers of this JVM.
 *
 * <p>The per-JVM cache is thread-safe and bounded: when it holds {@value #MAX_ENTRIES} jobs it is
 * emptied before the next is added (a job then compiles again on its next partition).
 */
final class Compiled {
  static final int MAX_ENTRIES = 16;
  private static final Map<Object, Compiled> CACHE = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicLong COMPILATIONS = new java.util.concurrent.atomic.AtomicLong();

  final Policy policy;
  final Policy prepared;
  final Anonymizer anonymizer;
  private final ThreadLocal<RecordAnonymizer> perThread;
  private final ThreadLocal<FieldRecord> records = ThreadLocal.withInitial(FieldRecord::new);

  private Compiled(Policy policy, Policy prepared, Anonymizer anonymizer) {
    this.policy = policy;
    this.prepared = prepared;
    this.anonymizer = anonymizer;
    this.perThread = ThreadLocal.withInitial(() -> RecordAnonymizer.create(anonymizer, prepared));
  }

  /**
   * The job compiled in this JVM. {@code namesKey} identifies the dictionary (a digest of its
   * content, or the list itself); {@code names} is read only when the job is not cached yet.
   */
  static Compiled of(JobSpec spec, Object namesKey, Supplier<List<String>> names) {
    List<Object> key = List.of(spec, namesKey);
    Compiled c = CACHE.get(key);
    if (c != null) {
      return c;
    }
    if (CACHE.size() >= MAX_ENTRIES) {
      CACHE.clear();
    }
    return CACHE.computeIfAbsent(key, k -> compile(spec, names.get()));
  }

  private static Compiled compile(JobSpec spec, List<String> names) {
    COMPILATIONS.incrementAndGet();
    MasterKey key = loadKey(spec.keySource, spec.keyId);
    Policy policy = spec.policy.toPolicy();
    Policy prepared = Pipeline.resolvePolicy(policy, spec.mode, names);
    return new Compiled(policy, prepared, Anonymizer.compile(prepared, key, TransformerRegistry.defaultRegistry()));
  }

  /** Loads key {@code keyId} from the source described by {@code spec} ({@code scheme:location}). */
  static MasterKey loadKey(String spec, String keyId) {
    return KeySources.open(spec).load(keyId);
  }

  /** This thread's record anonymizer (for UDFs, whose calls may come from any task thread). */
  RecordAnonymizer threadAnonymizer() {
    return perThread.get();
  }

  /** This thread's scratch record. */
  FieldRecord threadRecord() {
    return records.get();
  }

  /** How many times a job was compiled in this JVM (tests). */
  static long compilations() {
    return COMPILATIONS.get();
  }

  static void checkSameKey(String spec, String expectedId, String describedBy) {
    MasterKey k = loadKey(spec, null);
    if (!k.id().equals(expectedId)) {
      throw new KeyException("key source " + describedBy + " loads key '" + expectedId + "' but its description "
          + spec + " opens key '" + k.id() + "'; executors reopen the source from its description");
    }
  }

  @Override
  public String toString() {
    return "Compiled{" + prepared + ", key=" + anonymizer.keyId() + "}";
  }
}
