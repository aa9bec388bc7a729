package org.anonkit.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run holds in memory, for tests of the memory bound: chunks in flight, chunk vector batches
 * produced by workers and not yet appended to the matrix files, and mapping pairs held by the
 * bounded stores.
 * Package-private; set with {@code Pipeline.Builder.gauge}. Thread-safe.
 */
final class MemoryGauge {
  private final AtomicInteger vectorChunksHeld = new AtomicInteger();
  private final AtomicInteger peakVectorChunksHeld = new AtomicInteger();
  private final AtomicLong vectorChunks = new AtomicLong();
  private final AtomicLong peakMappingPairs = new AtomicLong();
  private final AtomicLong mappingRunsSpilled = new AtomicLong();
  private final AtomicInteger peakChunksInFlight = new AtomicInteger();

  /** A worker finished a chunk's clear and anonymized batches. */
  void vectorChunkCreated() {
    vectorChunks.incrementAndGet();
    int held = vectorChunksHeld.incrementAndGet();
    peakVectorChunksHeld.accumulateAndGet(held, Math::max);
  }

  /** The collecting thread appended a chunk's batches to the files and dropped them. */
  void vectorChunkReleased() {
    vectorChunksHeld.decrementAndGet();
  }

  /** The mapping pairs a set of stores holds in memory now, and the sorted runs it has spilled. */
  void mappingPairs(long pairs, long spilledRuns) {
    peakMappingPairs.accumulateAndGet(pairs, Math::max);
    mappingRunsSpilled.accumulateAndGet(spilledRuns, Math::max);
  }

  /** The anonymizing pass submitted a chunk; {@code inFlight} chunks (it included) are now held. */
  void chunksInFlight(int inFlight) {
    peakChunksInFlight.accumulateAndGet(inFlight, Math::max);
  }

  int peakChunksInFlight() {
    return peakChunksInFlight.get();
  }

  long mappingRunsSpilled() {
    return mappingRunsSpilled.get();
  }

  int peakVectorChunksHeld() {
    return peakVectorChunksHeld.get();
  }

  int vectorChunksHeld() {
    return vectorChunksHeld.get();
  }

  long vectorChunks() {
    return vectorChunks.get();
  }

  long peakMappingPairs() {
    return peakMappingPairs.get();
  }

  @Override
  public String toString() {
    return "MemoryGauge{peakVectorChunksHeld=" + peakVectorChunksHeld + ", vectorChunks=" + vectorChunks
        + ", peakMappingPairs=" + peakMappingPairs + ", mappingRunsSpilled=" + mappingRunsSpilled
        + ", peakChunksInFlight=" + peakChunksInFlight + "}";
  }
}
