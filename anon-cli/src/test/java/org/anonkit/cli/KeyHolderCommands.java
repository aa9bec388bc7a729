package org.anonkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.anonkit.key.KeySources;
import picocli.CommandLine;

/** Runs the key holder's commands ({@code fpe}, {@code cryptopan}, {@code hmac}) in-process, as the tests call them. */
final class KeyHolderCommands {
  private KeyHolderCommands() {}

  /** What a command did: its exit code, standard output and standard error. */
  record Ran(int exit, String out, String err) {}

  /** Runs {@code words[0]} with the arguments {@code words[1..]} and {@code stdin} as standard input. */
  static Ran run(String stdin, String... words) {
    String[] args = Arrays.copyOfRange(words, 1, words.length);
    ByteArrayInputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    StringWriter err = new StringWriter();
    int exit;
    String stdout;
    switch (words[0]) {
      case "fpe": {
        StringWriter o = new StringWriter();
        CommandLine cl = new CommandLine(new FpeCommand(in, o));
        cl.setErr(new PrintWriter(err));
        exit = cl.execute(args);
        stdout = o.toString();
        break;
      }
      case "cryptopan": {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new CryptopanCommand(in, o, new PrintStream(e, true, StandardCharsets.UTF_8)));
        cl.setErr(new PrintWriter(err));
        exit = cl.execute(args);
        stdout = o.toString(StandardCharsets.UTF_8);
        err.write(e.toString(StandardCharsets.UTF_8));
        break;
      }
      case "hmac": {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new HmacCommand(in, o, KeySources::open));
        cl.setErr(new PrintWriter(err));
        exit = cl.execute(args);
        stdout = o.toString(StandardCharsets.UTF_8);
        break;
      }
      default:
        throw new AssertionError(words[0]);
    }
    return new Ran(exit, stdout, err.toString());
  }
}
