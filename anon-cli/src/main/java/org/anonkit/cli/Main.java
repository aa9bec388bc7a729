package org.anonkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.anonkit.AnonException;
import picocli.CommandLine;

/**
 * Entry point of the {@code anonkit} command. Exit codes: 0 success, 1 data error (bad input, key or
 * policy problems, I/O), 2 usage error.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (used by tests). */
  public static int run(String... args) {
    try {
      return commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      // an Error passes picocli's handlers and printed a stack trace; what the command held is garbage
      // once it unwinds, so there is heap enough to say what to do
      System.err.println("anonkit: out of memory (a Java heap of " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MB); give it more with ANONKIT_JAVA_OPTS=-Xmx... (e.g. -Xmx1g). An output directory it was writing "
          + "stays marked INCOMPLETE: rerun the command, with --resume to reuse what was committed.");
      return 1;
    }
  }

  /** The configured command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AnonkitCommand());
    withVersion(cl);
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setParameterExceptionHandler(Main::handleUsage);
    return cl;
  }

  /**
   * Gives every subcommand that offers {@code --version} (mixinStandardHelpOptions) and names no version
   * the root's {@link VersionProvider}: picocli does not inherit it, and {@code anonkit run --version}
   * printed an empty line.
   */
  private static void withVersion(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandLine.Model.CommandSpec s = sub.getCommandSpec();
      if (s.versionProvider() == null && s.version().length == 0) {
        s.versionProvider(new VersionProvider());
      }
      withVersion(sub);
    }
  }

  /**
   * Usage errors as picocli prints them, except that unmatched arguments are not echoed: picocli's
   * "Unknown options: '--key-hexx', '2B7E1516...'" printed the value after a misspelt option, often a key
   * ({@code --key-hex}) or a clear value, and so did "Unmatched arguments from index 0: 'hmacc',
   * '--key-hex', '...'" after a misspelt command. Option names (before any '=') and, in the command's
   * place, a word that reads as a command name are shown; every other argument is only counted.
   */
  private static int handleUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      List<String> shown = new java.util.ArrayList<>();
      StringBuilder options = new StringBuilder();
      int hidden = 0;
      for (int i = 0; i < unmatched.size(); i++) {
        String a = unmatched.get(i);
        if (i == 0 && !cl.getSubcommands().isEmpty() && COMMAND_WORD.matcher(a).matches()) {
          shown.add("unknown command '" + a + "'");
        } else if (a.startsWith("-") && !a.matches("-?[0-9.].*")) {
          int eq = a.indexOf('=');
          options.append(options.length() == 0 ? "" : ", ").append('\'')
              .append(eq < 0 ? a : a.substring(0, eq) + "=...").append('\'');
        } else {
          hidden++;
        }
      }
      if (options.length() > 0) {
        shown.add("unknown options: " + options);
      }
      err.println((shown.isEmpty() ? "unexpected arguments" : String.join("; ", shown))
          + (hidden > 0 ? " (and " + hidden + " value(s), not shown: a value may be a key or a clear value)" : ""));
    } else {
      err.println(e.getMessage());
    }
    if (e.getCause() instanceof IllegalArgumentException) {
      // a setting the command refused (another mode or key than the output's journal, a bad combination):
      // the whole usage text after it hid the message
      err.println("(anonkit " + cl.getCommandName() + " --help lists the options)");
    } else if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      cl.usage(err);
    }
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** What a misspelt command name looks like (a hex key or a file name does not). */
  private static final java.util.regex.Pattern COMMAND_WORD = java.util.regex.Pattern.compile("[a-z][a-z-]{0,23}");

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof java.nio.charset.CharacterCodingException) { // its message is "Input length = 1"
      err.println("anonkit " + cl.getCommandName() + ": input is not valid UTF-8");
      err.flush();
      return 1;
    }
    if (e instanceof AnonException || e instanceof IOException || e instanceof UncheckedIOException) {
      // AnonKit messages are safe to print: they never hold clear values or key material.
      err.println("anonkit " + cl.getCommandName() + ": " + RunCommand.describe(e));
      err.flush();
      return 1;
    }
    // A bug, not a data error: show where it happened, but not the messages, which third-party code
    // may have filled with an input value (e.g. NumberFormatException's "For input string").
    err.println("anonkit " + cl.getCommandName() + ": internal error (please report it with this trace)");
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      err.println((t == e ? "  " : "  caused by ") + t.getClass().getName());
      for (StackTraceElement frame : t.getStackTrace()) {
        err.println("    at " + frame);
      }
    }
    err.flush();
    return 1;
  }
}
