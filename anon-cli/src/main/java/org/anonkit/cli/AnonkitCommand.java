package org.anonkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code anonkit} command; does nothing by itself but list its subcommands. */
@Command(
    name = "anonkit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Anonymize large scientific-computing datasets: pseudonyms, format-preserving encryption,"
        + " prefix-preserving IP anonymization, privacy models, vectors.",
    subcommands = {
        KeygenCommand.class,
        HmacCommand.class,
        FpeCommand.class,
        CryptopanCommand.class,
        DpCommand.class,
        VectorizeCommand.class,
        KanonCommand.class,
        GenerateCommand.class,
        RunCommand.class,
        DemoCommand.class,
    },
    footer = {"", "Exit codes: 0 ok, 1 data error, 2 usage error. Run 'anonkit COMMAND --help' for details."})
public final class AnonkitCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }
}
