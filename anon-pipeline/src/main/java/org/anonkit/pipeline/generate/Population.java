package org.anonkit.pipeline.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The people and machines a synthetic dataset is about: users (with experiment, DN, email, phone,
 * desktop IP, failure propensity), schedds and worker nodes. Built deterministically from a seed.
 * Immutable after construction.
 */
final class Population {
  static final String[] EXPERIMENTS = {"dune", "nova", "uboone", "icarus", "mu2e"};
  /** Relative activity of the experiments (DUNE dominates, as in FIFE job dumps). */
  static final double[] EXPERIMENT_WEIGHT = {0.40, 0.20, 0.17, 0.13, 0.10};
  static final String[][] SUBGROUPS = {
      {"analysis", "prod.mcsim", "prod.reco", "prod.keepup"},
      {"analysis", "prod.mcsim", "prod.reco"},
      {"analysis", "prod.mcsim", "prod.reco", "prod.calib"},
      {"analysis", "prod.mcsim", "prod.reco"},
      {"analysis", "prod.mcsim", "prod.reco"}};

  private static final String[] FIRST = {
      "Alice", "Bruno", "Carla", "Deepak", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jakub", "Kavya",
      "Liang", "Marta", "Nikolai", "Olga", "Pavel", "Quentin", "Rosa", "Sanjay", "Tamara", "Umberto",
      "Vera", "Wojciech", "Ximena", "Yusuf", "Zofia", "Andrei", "Beatriz", "Chiara", "Dmitri", "Emeka",
      "Fatima", "Gustavo", "Hannah", "Ivan", "Julia", "Kenji", "Leila", "Mateo", "Nadia"};
  private static final String[] LAST = {
      "Abernathy", "Balderrama", "Castellanos", "Dvorakova", "Eichhorn", "Fitzgerald", "Gallardo",
      "Hartmann", "Iwasaki", "Jankowski", "Kowalczyk", "Lindqvist", "Montalban", "Nakamura", "Oyelaran",
      "Pellegrini", "Quintero", "Rasmussen", "Szymanski", "Takahashi", "Underwood", "Valenzuela",
      "Wojcik", "Xiaoping", "Yamamoto", "Zielinski", "Arkwright", "Brightwater", "Cavendish", "Dunmore",
      "Esposito", "Fairbanks", "Grimaldi", "Holloway", "Ignatius", "Jorgensen", "Kirkpatrick",
      "Lombardi", "Marchetti", "Northcott", "Ostrowski", "Pemberton", "Quarshie", "Rutherford",
      "Sorensen", "Thornbury", "Uchenna", "Villanueva", "Whitfield", "Yarborough"};

  /** One user account. */
  static final class User {
    final String name;
    final String fullName;
    final int experiment;
    final boolean production;
    final String email;
    final String dn;
    final String phone;
    final String clientIp;
    final double failProb;
    final String home; // /nashome/j/jdoe style
    // a Docker Hub account publishing the user's own analysis image (one user in eight, not production
    // accounts), spelled as people pick handles (janedoe): in no identity field, nor a dictionary spelling
    final String imageNamespace;

    User(String name, String fullName, int experiment, boolean production, String email, String dn,
        String phone, String clientIp, double failProb) {
      this.name = name;
      this.fullName = fullName;
      this.experiment = experiment;
      this.production = production;
      this.email = email;
      this.dn = dn;
      this.phone = phone;
      this.clientIp = clientIp;
      this.failProb = failProb;
      this.home = "/nashome/" + name.charAt(0) + "/" + name;
      // from the name's hash, not the seeded stream, so every other generated value stays as it was
      this.imageNamespace = !production && (name.hashCode() & 7) == 0
          ? fullName.replace(" ", "").toLowerCase(Locale.ROOT) : null;
    }
  }

  /** One execute machine. */
  static final class Worker {
    final String host;
    final String ip;
    final String ip6; // may be null
    final String site;

    Worker(String host, String ip, String ip6, String site) {
      this.host = host;
      this.ip = ip;
      this.ip6 = ip6;
      this.site = site;
    }
  }

  final List<User> users = new ArrayList<>();
  final double[] userCdf;
  final List<Worker> workers = new ArrayList<>();
  final int onsiteWorkers;
  final String[] schedds = {"jobsub01.fnal.gov", "jobsub02.fnal.gov", "jobsub03.fnal.gov"};
  final String[] scheddIps = {"131.225.80.11", "131.225.80.12", "131.225.80.13"};

  Population(long seed, int userCount, double zipfExponent) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Set<String> taken = new HashSet<>();
    // production accounts first: they are the heaviest submitters
    for (int e = 0; e < EXPERIMENTS.length; e++) {
      String name = EXPERIMENTS[e] + "pro";
      taken.add(name);
      users.add(newUser(r, name, "Production " + EXPERIMENTS[e].toUpperCase(Locale.ROOT), e, true));
    }
    while (users.size() < userCount) {
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      String base = (first.charAt(0) + last).toLowerCase(Locale.ROOT);
      if (base.length() > 8) {
        base = base.substring(0, 8);
      }
      String name = base;
      for (int k = 2; taken.contains(name); k++) {
        name = base + k;
      }
      taken.add(name);
      users.add(newUser(r, name, first + " " + last, pickExperiment(r), false));
    }
    // Zipf activity over a seeded permutation of the users (production accounts stay on top)
    double[] w = new double[users.size()];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = 1.0 / Math.pow(i + 1, zipfExponent);
      sum += w[i];
    }
    userCdf = new double[w.length];
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i] / sum;
      userCdf[i] = acc;
    }
    userCdf[w.length - 1] = 1.0;

    // FermiGrid worker nodes in 131.225.0.0/16, a few subnets, with IPv6 on some
    for (int i = 0; i < 1200; i++) {
      int node = 1000 + i * 7 % 9000;
      int subnet = 64 + (i / 200) * 8 + r.nextInt(4);
      String ip = "131.225." + subnet + "." + (1 + i % 250);
      String ip6 = r.nextInt(3) == 0 ? "2620:6a:0:" + Integer.toHexString(0x8400 + subnet) + "::" + Integer.toHexString(1 + i % 250) : null;
      workers.add(new Worker(String.format(Locale.ROOT, "fnpc%04d.fnal.gov", node), ip, ip6, "FermiGrid"));
    }
    onsiteWorkers = workers.size();
    String[][] sites = {
        {"Nebraska", "red-c%04d.unl.edu", "129.93.%d.%d"},
        {"UCSD", "cabinet-%d-%d-%d.t2.ucsd.edu", "169.228.%d.%d"},
        {"MWT2", "uct2-c%03d.mwt2.org", "192.170.%d.%d"},
        {"SU-ITS", "CRUSH-OSG-C7-10-5-%d-%d", "10.5.%d.%d"},
        {"BNL", "spar%04d.usatlas.bnl.gov", "130.199.%d.%d"},
        {"RAL", "lcg%04d.gridpp.rl.ac.uk", "130.246.%d.%d"}};
    for (String[] s : sites) {
      for (int i = 0; i < 60; i++) {
        int a = 10 + r.nextInt(200);
        int b = 1 + r.nextInt(254);
        String host;
        if (s[0].equals("UCSD")) {
          host = String.format(Locale.ROOT, s[1], 1 + i % 9, i % 12, 1 + i % 20);
        } else if (s[0].equals("SU-ITS")) {
          host = String.format(Locale.ROOT, s[1], a, b);
        } else {
          host = String.format(Locale.ROOT, s[1], 100 + i);
        }
        workers.add(new Worker(host, String.format(Locale.ROOT, s[2], a, b), null, s[0]));
      }
    }
  }

  private User newUser(SplittableRandom r, String name, String fullName, int exp, boolean production) {
    String email = name + "@fnal.gov";
    String dn = "/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory/OU=People/CN=" + fullName
        + "/CN=UID:" + name;
    String phone = String.format(Locale.ROOT, "630-840-%04d", r.nextInt(10000));
    String clientIp = r.nextInt(5) == 0
        ? String.format(Locale.ROOT, "%d.%d.%d.%d", 24 + r.nextInt(170), r.nextInt(256), r.nextInt(256), 1 + r.nextInt(254))
        : String.format(Locale.ROOT, "131.225.%d.%d", 150 + r.nextInt(40), 1 + r.nextInt(254));
    // failure propensity: most users fail rarely, a few fail often (beta-like mixture)
    double u = r.nextDouble();
    double failProb = production ? 0.04 + 0.04 * u
        : u < 0.75 ? 0.02 + 0.10 * r.nextDouble()
        : u < 0.95 ? 0.15 + 0.25 * r.nextDouble()
        : 0.45 + 0.40 * r.nextDouble();
    return new User(name, fullName, exp, production, email, dn, phone, clientIp, failProb);
  }

  private static int pickExperiment(SplittableRandom r) {
    double x = r.nextDouble();
    double acc = 0;
    for (int e = 0; e < EXPERIMENT_WEIGHT.length; e++) {
      acc += EXPERIMENT_WEIGHT[e];
      if (x < acc) {
        return e;
      }
    }
    return EXPERIMENT_WEIGHT.length - 1;
  }

  User pickUser(SplittableRandom r) {
    double x = r.nextDouble();
    int lo = 0;
    int hi = userCdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (userCdf[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return users.get(lo);
  }

  Worker pickWorker(SplittableRandom r) {
    // ~75% of jobs run on site, the rest on OSG sites
    if (r.nextInt(4) != 0) {
      return workers.get(r.nextInt(onsiteWorkers));
    }
    return workers.get(onsiteWorkers + r.nextInt(workers.size() - onsiteWorkers));
  }
}
