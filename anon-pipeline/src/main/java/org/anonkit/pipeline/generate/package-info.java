/**
 * Synthetic, realistic HTCondor job ads for tests, demos and benchmarks:
 * {@link org.anonkit.pipeline.generate.JobGenerator}.
 */
package org.anonkit.pipeline.generate;
