package org.anonkit.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The memo table's growth: small until values repeat, never a wrong token, racing threads included. */
class MemoCacheTest {
  private static String token(String value) {
    return "t:" + value; // any function of the value: the cache must give back what was put
  }

  /** Looks {@code value} up as the pseudonymizer does: get, else admit and put. */
  private static void use(MemoCache c, String value) {
    int h = MemoCache.hash(value);
    String t = c.get(value, h);
    if (t != null) {
      assertThat(t).isEqualTo(token(value));
      return;
    }
    if (c.admit(h)) {
      c.put(value, token(value), h);
    }
  }

  @Test
  void oneOffValues_neverAdmitted_tableStaysAtItsInitialSize() {
    MemoCache c = new MemoCache(65_536);
    assertThat(c.capacity()).isEqualTo(65_536);
    assertThat(c.slots()).isEqualTo(MemoCache.INITIAL);
    for (int i = 0; i < 200_000; i++) {
      use(c, "job-" + i);
    }
    assertThat(c.slots()).isEqualTo(MemoCache.INITIAL);
    assertThat(c.size()).isZero();
  }

  @Test
  void repeatedValues_growTheTableUpToItsCapacity_andHitAfterGrowing() {
    MemoCache c = new MemoCache(65_536);
    for (int i = 0; i < 300; i++) { // a few hundred users: no growth
      use(c, "user" + i);
      use(c, "user" + i);
    }
    assertThat(c.slots()).isEqualTo(MemoCache.INITIAL);
    // 20,000 values in turn: each comes back 20,000 misses later, far beyond a small table's doorkeeper,
    // so only the miss sample can tell them from values that never repeat
    int rounds = 0;
    while (c.slots() < 65_536 && rounds < 20) {
      for (int i = 0; i < 20_000; i++) {
        use(c, "user" + i);
      }
      rounds++;
    }
    assertThat(c.slots()).as("after %d rounds", rounds).isEqualTo(65_536);
    for (int round = 0; round < 3; round++) { // the doorkeeper now spans the cycle: admitted on a second miss
      for (int i = 0; i < 20_000; i++) {
        use(c, "user" + i);
      }
    }
    int hits = 0;
    for (int i = 0; i < 20_000; i++) {
      String v = "user" + i;
      String t = c.get(v, MemoCache.hash(v));
      if (t != null) {
        assertThat(t).isEqualTo(token(v));
        hits++;
      }
    }
    // a table allocated at full size settles at 11,058 hits on this sequence (doorkeeper conflicts in
    // 4-way sets): the grown one must do as well
    assertThat(hits).as("20,000 values in a table of 65,536 slots").isGreaterThanOrEqualTo(11_000);
  }

  @Test
  void capacityBelowTheInitialSize_isTheTableSize() {
    MemoCache c = new MemoCache(16);
    assertThat(c.slots()).isEqualTo(16);
    for (int i = 0; i < 1_000; i++) {
      use(c, "w" + i);
      use(c, "w" + i);
    }
    assertThat(c.slots()).isEqualTo(16);
    assertThat(c.size()).isEqualTo(16);
  }

  @Test
  void racingThreads_whileTheTableGrows_neverGetAWrongToken() throws Exception {
    MemoCache c = new MemoCache(65_536);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          java.util.Random r = new java.util.Random(seed);
          for (int i = 0; i < 200_000; i++) {
            use(c, "v" + r.nextInt(40_000)); // use() asserts every hit's token
          }
          return 0;
        }));
      }
      for (Future<Integer> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.slots()).as("grew while four threads used it").isGreaterThan(MemoCache.INITIAL);
  }
}
