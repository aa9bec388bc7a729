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
}
