package org.anonkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two providers of one name on the class path: {@link TransformerRegistry#defaultRegistry()} throws the
 * documented {@link ProviderException} naming both classes, on every call — not an
 * {@code ExceptionInInitializerError} once and {@code NoClassDefFoundError} ever after. Runs in a fresh
 * class loader so the test JVM's own default registry is left alone.
 */
public class DefaultRegistryDuplicateTest {
  @TempDir Path tmp;

  /** A provider named {@code dup}. */
  public static final class FirstDup implements TransformerProvider {
    @Override
    public String name() {
      return "dup";
    }

    @Override
    public Transformer create(TransformerContext context) {
      return v -> "1";
    }
  }

  /** Another provider named {@code dup}. */
  public static final class SecondDup implements TransformerProvider {
    @Override
    public String name() {
      return "dup";
    }

    @Override
    public Transformer create(TransformerContext context) {
      return v -> "2";
    }
  }

  @Test
  void defaultRegistry_twoProvidersOfOneName_throwsProviderExceptionOnEveryCall() throws Exception {
    Path services = tmp.resolve("META-INF/services/org.anonkit.spi.TransformerProvider");
    Files.createDirectories(services.getParent());
    Files.writeString(services, FirstDup.class.getName() + "\n" + SecondDup.class.getName() + "\n");
    URL api = Transformer.class.getProtectionDomain().getCodeSource().getLocation();
    URL tests = FirstDup.class.getProtectionDomain().getCodeSource().getLocation();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL(), api, tests},
        ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      Method defaultRegistry = loader.loadClass(TransformerRegistry.class.getName()).getMethod("defaultRegistry");
      for (int call = 1; call <= 2; call++) {
        Throwable thrown = catchThrowable(() -> defaultRegistry.invoke(null));
        assertThat(thrown).as("call %d", call).isInstanceOf(InvocationTargetException.class);
        Throwable cause = thrown.getCause();
        assertThat(cause.getClass().getName()).as("call %d: %s", call, cause).isEqualTo(ProviderException.class.getName());
        assertThat(cause.getMessage()).contains("'dup'", "FirstDup", "SecondDup");
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
