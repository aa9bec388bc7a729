package org.anonkit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.anonkit.cryptopan.CryptoPan;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit cryptopan --key-hex HEX64 [--decrypt]}: Crypto-PAn over one IPv4 or IPv6 address per
 * line, stdin to stdout, with the 32-byte key used directly (no derivation), so published vectors and
 * other Crypto-PAn tools (pcap pipelines) give the same results. The plain reference mapping: no
 * options, IPv4-mapped IPv6 treated as any 128-bit address.
 *
 * <p>Every input line gets one output line; a line that is not an address gets an empty one and a message
 * naming the line number, never its content ({@link LineFilter}). Exit 0 when every line was transformed,
 * 1 when any line failed (after the last line), 2 for usage errors. Not thread-safe.
 */
@Command(name = "cryptopan", mixinStandardHelpOptions = true,
    description = {"Crypto-PAn prefix-preserving anonymization of IP addresses, one per line (stdin to stdout).",
        "The key is used directly (reference-compatible vectors); pipelines derive keys from the master key."})
public final class CryptopanCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--key-hex", required = true, paramLabel = "HEX64",
      description = "the 32-byte Crypto-PAn key as 64 hex digits (16 bytes AES key, 16 bytes pad)")
  private String keyHex;

  @Option(names = "--decrypt", description = "invert the mapping (anonymized address in, original out)")
  private boolean decrypt;

  private final InputStream in;
  private final OutputStream out;
  private final PrintStream err;

  /** Reads {@code System.in}, writes {@code System.out} and {@code System.err}. */
  public CryptopanCommand() {
    this(System.in, System.out, System.err);
  }

  /** For tests and embedding: the streams to use. */
  public CryptopanCommand(InputStream in, OutputStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (keyHex.length() != 2 * CryptoPan.KEY_LENGTH) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--key-hex must be " + 2 * CryptoPan.KEY_LENGTH + " hex digits, got " + keyHex.length());
    }
    SecretBytes secret;
    try {
      secret = SecretBytes.fromHex(keyHex, SecretAccess.get());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--key-hex: " + e.getMessage());
    }
    CryptoPan pan = CryptoPan.create(DerivedKey.direct(secret));
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    return LineFilter.run(in, writer, errWriter, "cryptopan", decrypt ? pan::reverse : pan::anonymize) > 0 ? 1 : 0;
  }
}
