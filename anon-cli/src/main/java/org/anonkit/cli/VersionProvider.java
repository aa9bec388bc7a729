package org.anonkit.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the AnonKit version from the jar manifest, and the JVM. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
        "anonkit " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
