package org.anonkit.vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test-only seeded generator of HTCondor-like job records: users with different failure
 * propensities and habits (memory, runtime, site), execute nodes in a few /24 subnets per site,
 * optional attributes (so records are ragged), and a failure label driven by user, memory and
 * runtime. Synthetic: no real person or address.
 */
final class JobGenerator {
  static final String[] SITES = {"FNAL", "CERN", "BNL", "NERSC", "UCSD"};
  static final String[] TAG_WORDS = {"gpu", "cvmfs", "singularity", "highmem", "xrootd", "mpi"};

  /** One generated job: its clear attributes and whether it failed. */
  static final class Job {
    final Map<String, String> fields = new LinkedHashMap<>();
    boolean failed;

    RecordView view() {
      String[] kv = new String[fields.size() * 2];
      int i = 0;
      for (Map.Entry<String, String> e : fields.entrySet()) {
        kv[i++] = e.getKey();
        kv[i++] = e.getValue();
      }
      return RecordView.of(kv);
    }
  }

  static List<Job> generate(long seed, int users, int jobs) {
    Random rnd = new Random(seed);
    double[] propensity = new double[users];
    double[] memScale = new double[users];
    int[] homeSite = new int[users];
    for (int u = 0; u < users; u++) {
      propensity[u] = rnd.nextGaussian() * 1.5 - 1.0; // log-odds offset per user
      memScale[u] = 1000 + rnd.nextInt(8000);
      homeSite[u] = rnd.nextInt(SITES.length);
    }
    List<Job> out = new ArrayList<>(jobs);
    for (int j = 0; j < jobs; j++) {
      int u = (int) Math.min(users - 1, Math.floor(users * Math.pow(rnd.nextDouble(), 2))); // skewed activity
      Job job = new Job();
      int site = rnd.nextDouble() < 0.8 ? homeSite[u] : rnd.nextInt(SITES.length);
      long memory = Math.max(128, Math.round(memScale[u] * Math.exp(rnd.nextGaussian() * 0.4)));
      double runtime = Math.round(Math.exp(6 + rnd.nextGaussian()) * 10) / 10.0;
      int subnet = rnd.nextInt(3);
      String ip = (site == 1 ? "188.184." : "131.225.") + (10 * site + subnet) + "." + (1 + rnd.nextInt(200));
      job.fields.put("Owner", String.format("user%03d@fnal.gov", u));
      job.fields.put("OwnerHash", String.format("user%03d@fnal.gov", u)); // same value, hashed encoder
      job.fields.put("RequestMemory", Long.toString(memory));
      job.fields.put("RemoteWallClockTime", Double.toString(runtime));
      job.fields.put("Site", SITES[site]);
      job.fields.put("StartdIpAddr", "<" + ip + ":9618?addrs=" + ip + "-9618&noUDP&sock=startd_1234>");
      job.fields.put("QDate", Long.toString(1_600_000_000L + j * 37L));
      if (rnd.nextInt(4) != 0) {
        job.fields.put("WantGPU", rnd.nextInt(5) == 0 ? "true" : "false");
      }
      if (rnd.nextInt(3) != 0) {
        StringBuilder tags = new StringBuilder();
        for (String w : TAG_WORDS) {
          if (rnd.nextInt(4) == 0) {
            tags.append(tags.length() == 0 ? "" : ",").append(w);
          }
        }
        job.fields.put("Tags", tags.toString());
      }
      double logit = propensity[u] + 0.9 * (Math.log(memory) - 8) + 0.3 * (Math.log(runtime) - 6);
      job.failed = rnd.nextDouble() < 1 / (1 + Math.exp(-logit));
      job.fields.put("ExitCode", job.failed ? Integer.toString(1 + rnd.nextInt(3)) : "0");
      out.add(job);
    }
    return out;
  }

  static VectorSchema schema() {
    return VectorSchema.builder()
        .field("Owner", "categorical")
        .field("RequestMemory", "numeric", org.anonkit.Parameters.builder().put("type", "int64").build())
        .field("RemoteWallClockTime", "numeric")
        .field("Site", "categorical", org.anonkit.Parameters.builder().put("order", "sorted").build())
        .field("StartdIpAddr", "ipv4", org.anonkit.Parameters.builder().put("extract", true)
            .put("prefixes", List.of(8L, 16L, 24L)).build())
        .field("QDate", "timestamp", org.anonkit.Parameters.builder().put("unit", "ms").build())
        .field("WantGPU", "boolean")
        .field("OwnerHash", "hash", org.anonkit.Parameters.builder().put("buckets", 4096L).build())
        .field("ExitCode", "numeric", org.anonkit.Parameters.builder().put("type", "int32").build())
        .field("Tags", "multi-hot")
        .build();
  }

  private JobGenerator() {}
}
