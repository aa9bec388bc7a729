/**
 * Service provider interfaces, found by {@link java.util.ServiceLoader} on the class path and the module
 * path: {@link org.anonkit.spi.TransformerProvider} (with its {@link org.anonkit.spi.TransformerContext})
 * and {@link org.anonkit.spi.KeySourceProvider}. Providers are identified by stable lowercase names.
 */
package org.anonkit.spi;
