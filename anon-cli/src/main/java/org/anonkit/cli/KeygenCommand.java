package org.anonkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.anonkit.config.KeyFiles;
import org.anonkit.key.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code anonkit keygen --out FILE}: a new master key from {@link SecureRandom}, owner-only. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
        "Write a new 256-bit master key from SecureRandom to a JSON key file readable by its owner only. "
        + "Every transformer key is derived from it per purpose (HKDF-SHA256); outputs record its id, never the key. "
        + "Keep the file secret and backed up: without it, reversible tokens cannot be decrypted and new runs "
        + "will not produce the same tokens."})
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file to create (must not exist).")
  Path out;

  @Option(names = "--id", paramLabel = "ID",
      description = "Key id recorded in manifests (default: key-<date>-<fingerprint>, 6 hex digits derived from the key). [A-Za-z0-9._-], up to 64 characters.")
  String id;

  @Override
  public Integer call() {
    SecureRandom random = new SecureRandom();
    MasterKey key;
    try {
      key = id != null ? MasterKey.generate(MasterKey.checkId(id), random)
          : MasterKey.generateWithFingerprint("key-" + LocalDate.now(ZoneOffset.UTC), random);
    } catch (org.anonkit.KeyException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--id: " + e.getMessage()); // usage: exit 2
    }
    String keyId = key.id();
    KeyFiles.write(key, out);
    PrintWriter err = spec.commandLine().getErr();
    err.println("wrote master key '" + keyId + "' to " + out + " (permissions rw-------); keep it secret and backed up");
    err.flush();
    return 0;
  }
}
