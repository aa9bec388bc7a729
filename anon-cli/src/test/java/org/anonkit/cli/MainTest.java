package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  /** A command that fails the way a bug in third-party code would, quoting its input. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("wrapper", new NumberFormatException("For input string: \"jdoe-secret\""));
    }
  }

  /** It printed "anonkit (development build)": the shaded jar carries no Implementation-Version. */
  @Test
  void version_printsTheVersionManifestsRecord() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--version")).isZero();
    assertThat(out.toString()).startsWith("anonkit " + org.anonkit.pipeline.Pipeline.VERSION + System.lineSeparator())
        .doesNotContain("development build");
  }

  /**
   * run and demo said "exit (default)" for --failures, while a policy's failures.definition is the default
   * when it has one (a policy defining "status" ran with status, as the pipeline's builder documents).
   */
  @Test
  void help_failurePreset_namesThePolicysDefinitionAsTheDefault() {
    for (String command : new String[] {"run", "demo"}) {
      String help = Main.commandLine().getSubcommands().get(command).getUsageMessage()
          .replaceAll("\\s+", ""); // picocli wraps lines, also after a '.'
      assertThat(help).as(command).contains("(default:thepolicy'sfailures.definition,elseexit)")
          .doesNotContain("exit(default)");
    }
  }

  /** Every subcommand lists -V, --version; all but hmac printed nothing (an empty line) and exited 0. */
  @Test
  void version_ofEverySubcommand_printsTheVersion() {
    java.util.List<String[]> paths = new java.util.ArrayList<>();
    subcommandPaths(Main.commandLine(), new String[0], paths);
    assertThat(paths).hasSizeGreaterThan(5);
    for (String[] path : paths) {
      CommandLine cl = Main.commandLine();
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out));
      String[] args = java.util.Arrays.copyOf(path, path.length + 1);
      args[path.length] = "--version";
      assertThat(cl.execute(args)).as(String.join(" ", args)).isZero();
      assertThat(out.toString()).as(String.join(" ", args))
          .startsWith("anonkit " + org.anonkit.pipeline.Pipeline.VERSION + System.lineSeparator());
    }
  }

  private static void subcommandPaths(CommandLine cl, String[] prefix, java.util.List<String[]> into) {
    for (java.util.Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
      if (!e.getValue().getCommandName().equals(e.getKey())) {
        continue; // an alias
      }
      String[] path = java.util.Arrays.copyOf(prefix, prefix.length + 1);
      path[prefix.length] = e.getKey();
      if (e.getValue().getCommandSpec().optionsMap().containsKey("--version")) {
        into.add(path);
      }
      subcommandPaths(e.getValue(), path, into);
    }
  }

  @Test
  void internalError_printsClassesAndFrames_butNoMessages() {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand("boom", new Boom());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("boom")).isEqualTo(1);
    assertThat(err.toString())
        .contains("internal error")
        .contains("java.lang.IllegalStateException")
        .contains("caused by java.lang.NumberFormatException")
        .contains("at org.anonkit.cli.MainTest$Boom.call")
        .doesNotContain("jdoe-secret")
        .doesNotContain("wrapper");
  }

  /** picocli echoed the value after a misspelt option: "Unknown options: '--key-hexx', '<the key>'". */
  @Test
  void usageError_misspeltOption_neverEchoesTheValueAfterIt() {
    String key = "2B7E151628AED2A6ABF7158809CF4F3C";
    for (String[] args : new String[][] {
        {"hmac", "--key-hexx", key},
        {"hmac", "--key-hexx=" + key},
        {"cryptopan", "--key-hex", key + key, key},
        {"run", "--policy", "p.json", "--in", "x.jsonl", "--out", "o", "--key-file", "k.json", "jdoe-secret"},
        {"hmacc", "--key-hex", key}, // a misspelt command: the root command's unmatched arguments
        {key, "--key-hex", key}}) {
      CommandLine cl = Main.commandLine();
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err));
      assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).as(String.join(" ", args)).doesNotContain(key).doesNotContain("jdoe-secret")
          .isNotBlank();
    }
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("hmac", "--key-hexx", key)).isEqualTo(2);
    assertThat(err.toString()).contains("unknown options: '--key-hexx'").contains("--key-hex");
    err.getBuffer().setLength(0);
    assertThat(cl.execute("bogus")).isEqualTo(2);
    assertThat(err.toString()).as("a misspelt command is shown").contains("unknown command 'bogus'");
    err.getBuffer().setLength(0);
    assertThat(cl.execute("hmacc", "--key-hex", key)).isEqualTo(2);
    assertThat(err.toString()).contains("unknown command 'hmacc'").contains("unknown options: '--key-hex'")
        .contains("1 value(s), not shown").contains("anonkit hmac");
  }

  /**
   * `anonkit --help` lists each command with the first line of its description: five of them were cut
   * mid-sentence ("FF3-1 for interoperability only,", "experiments dune, nova, uboone,").
   */
  @Test
  void help_commandList_showsCompleteSentences() {
    for (java.util.Map.Entry<String, CommandLine> c : Main.commandLine().getSubcommands().entrySet()) {
      String[] description = c.getValue().getCommandSpec().usageMessage().description();
      assertThat(description).as(c.getKey()).isNotEmpty();
      assertThat(description[0].strip()).as(c.getKey()).matches("(?s).*[.)]");
    }
  }
}
