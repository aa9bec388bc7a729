package org.anonkit.cli;

import org.anonkit.pipeline.Pipeline;
import picocli.CommandLine.IVersionProvider;

/** Prints the AnonKit version (the one manifests record), and the JVM. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
        "anonkit " + Pipeline.VERSION,
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
