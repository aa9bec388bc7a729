package org.anonkit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.anonkit.Anonymizer;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.junit.jupiter.api.Test;

class SharedStateTest {
  private static final MasterKey KEY = MasterKey.generate("k1", new SecureRandom());
  private static final MasterKey OTHER_KEY = MasterKey.generate("k2", new SecureRandom());

  /** "counted": one instance per shared key ({@code shareBy}: "params", "field" or absent: none); counts creations. */
  static final class CountingProvider implements TransformerProvider {
    final AtomicInteger created = new AtomicInteger();

    @Override
    public String name() {
      return "counted";
    }

    @Override
    public Transformer create(TransformerContext context) {
      Parameters p = context.parameters();
      p.requireOnly("transformer 'counted'", "shareBy", "suffix");
      String by = p.getString("shareBy", "none");
      if (by.equals("none")) {
        return make(p);
      }
      Object key = by.equals("field") ? List.of(p, context.keyDomain()) : p;
      return context.shared(key, Transformer.class, () -> make(p));
    }

    private Transformer make(Parameters p) {
      created.incrementAndGet();
      String suffix = p.getString("suffix", "");
      return v -> v + suffix;
    }
  }

  private static TransformerContext.Builder context(TransformerRegistry r, SharedState s, Parameters p, String field) {
    return TransformerContext.builder("counted").field(field).parameters(p).registry(r).sharedState(s).masterKey(KEY);
  }

  @Test
  void shared_equalKeysInOneState_oneInstance_otherwiseTheirOwn() {
    CountingProvider counted = new CountingProvider();
    TransformerRegistry r = TransformerRegistry.builder().add(counted).build();
    SharedState s = SharedState.create();
    Parameters a = Parameters.builder().put("shareBy", "params").put("suffix", "a").build();
    Parameters b = Parameters.builder().put("shareBy", "params").put("suffix", "b").build();
    Transformer a1 = r.create(context(r, s, a, "Owner").build());
    Transformer a2 = r.create(context(r, s, a, "User").build());
    Transformer b1 = r.create(context(r, s, b, "Owner").build());
    assertThat(a2).isSameAs(a1);
    assertThat(b1).isNotSameAs(a1);
    assertThat(b1.apply("x")).isEqualTo("xb");
    assertThat(counted.created).hasValue(2);
    assertThat(s.size()).isEqualTo(2);

    // another state, another key or another registry never meets these entries
    assertThat(r.create(context(r, SharedState.create(), a, "Owner").build())).isNotSameAs(a1);
    assertThat(r.create(context(r, s, a, "Owner").masterKey(OTHER_KEY).build())).isNotSameAs(a1);
    TransformerRegistry r2 = TransformerRegistry.builder().add(counted).build();
    assertThat(r2.create(context(r2, s, a, "Owner").build())).isNotSameAs(a1);
    // without a state every call creates
    int before = counted.created.get();
    r.create(TransformerContext.builder("counted").field("Owner").parameters(a).registry(r).masterKey(KEY).build());
    assertThat(counted.created.get()).isEqualTo(before + 1);
    assertThat(s.toString()).isEqualTo("SharedState{" + s.size() + " entries}");
  }

  @Test
  void compile_rulesAlike_shareWhereTheProviderSaysSo_andChildrenInheritTheState() {
    CountingProvider counted = new CountingProvider();
    TransformerRegistry r = TransformerRegistry.builder().add(counted).add(new TransformerProvider() {
      @Override
      public String name() {
        return "parent"; // returns its child: a "counted" sharing by parameters
      }

      @Override
      public Transformer create(TransformerContext context) {
        return context.createChild("counted", Parameters.builder().put("shareBy", "params").put("suffix", "c").build(), "d");
      }
    }).build();
    Parameters byParams = Parameters.builder().put("shareBy", "params").build();
    Parameters byField = Parameters.builder().put("shareBy", "field").build();
    Policy policy = Policy.builder().name("p")
        .rule(FieldRule.transform("A", "counted").parameters(byParams).build())
        .rule(FieldRule.transform("B", "counted").parameters(byParams).build())
        .rule(FieldRule.transform("C", "counted").parameters(byField).build())
        .rule(FieldRule.transform("D", "counted").parameters(byField).build())
        .rule(FieldRule.transform("E", "counted").build())
        .rule(FieldRule.transform("F", "counted").build())
        .rule(FieldRule.transform("G", "parent").build())
        .rule(FieldRule.transform("H", "parent").build())
        .build();
    Anonymizer an = Anonymizer.compile(policy, KEY, r);
    assertThat(an.plan("B").transformer()).isSameAs(an.plan("A").transformer());
    assertThat(an.plan("D").transformer()).isNotSameAs(an.plan("C").transformer());
    assertThat(an.plan("F").transformer()).isNotSameAs(an.plan("E").transformer());
    // children created through createChild see the compilation's state too
    assertThat(an.plan("H").transformer()).isSameAs(an.plan("G").transformer());
    assertThat(counted.created).hasValue(1 + 2 + 2 + 1); // A=B, C, D, E, F, one child for G and H
    // a second compilation starts afresh
    Anonymizer again = Anonymizer.compile(policy, KEY, r);
    assertThat(again.plan("A").transformer()).isNotSameAs(an.plan("A").transformer());
  }
}
