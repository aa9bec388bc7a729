package org.anonkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import org.anonkit.AnonException;
import org.anonkit.InvalidInputException;

/**
 * The one-value-per-line loop of {@code anonkit fpe}, {@code cryptopan} and {@code hmac}: every input line
 * gets exactly one output line, so outputs stay aligned with inputs ({@code paste}); a line that cannot be
 * processed (not valid UTF-8, or a value the transformation rejects) gets an <b>empty</b> output line and
 * one message on standard error, {@code anonkit <command>: line N: <reason>}, which never holds the value,
 * and processing goes on with the next line. No transformation here writes an empty value for a line it
 * accepts, so an empty output line means "this line failed". The command exits 1 when any line failed.
 *
 * <p>Before 2026-11-27, {@code fpe} and {@code cryptopan} stopped at the first such line and dropped every
 * line after it (review 41, F6), and {@code hmac} stopped at the first line that was not UTF-8.
 *
 * <p>Not thread-safe.
 */
final class LineFilter {
  /** One line's transformation; {@link AnonException} messages never hold the value. */
  @FunctionalInterface
  interface Op {
    String apply(String value);
  }

  private LineFilter() {}

  /**
   * Transforms each line of {@code in} to {@code out}; flushes {@code out} whenever no further input is
   * available yet, so interactive use answers at once.
   *
   * @return the number of lines that failed (0: exit 0; else exit 1)
   */
  static long run(Utf8Lines lines, Writer out, PrintWriter err, String command, Op op) throws IOException {
    long failed = 0;
    while (true) {
      if (!lines.ready()) {
        out.flush();
      }
      String line;
      try {
        line = lines.next();
      } catch (Utf8Lines.MalformedLine e) {
        failed++;
        out.write('\n');
        report(out, err, command, e.getMessage());
        continue;
      }
      if (line == null) {
        break;
      }
      String result;
      try {
        result = op.apply(line);
      } catch (InvalidInputException e) {
        failed++;
        out.write('\n');
        report(out, err, command, "line " + lines.lineNumber() + ": " + e.reason());
        continue;
      } catch (AnonException e) {
        failed++;
        out.write('\n');
        report(out, err, command, "line " + lines.lineNumber() + ": " + e.getMessage());
        continue;
      }
      if (result == null) { // a transformer that drops values (fpe --transformer accepts any)
        failed++;
        out.write('\n');
        report(out, err, command, "line " + lines.lineNumber() + ": the transformer dropped the value");
        continue;
      }
      out.write(result);
      out.write('\n');
    }
    out.flush();
    if (failed > 0) {
      err.println("anonkit " + command + ": " + failed + " of " + lines.lineNumber()
          + " line(s) failed; each has an empty output line");
      err.flush();
    }
    return failed;
  }

  /** Convenience for commands that read a raw stream. */
  static long run(InputStream in, Writer out, PrintWriter err, String command, Op op) throws IOException {
    return run(new Utf8Lines(in), out, err, command, op);
  }

  private static void report(Writer out, PrintWriter err, String command, String message) throws IOException {
    out.flush(); // the empty line before its message, when both go to one terminal
    err.println("anonkit " + command + ": " + message);
    err.flush();
  }
}
