/**
 * The pipeline: a policy run over batches of job records, on all cores, with nothing leaked and
 * nothing lost.
 *
 * <p>{@link org.anonkit.pipeline.Pipeline} is the runner: a dictionary pass (user names for
 * {@code scrub-text}, so free text gets the identity fields' tokens whatever the processing order), then
 * chunks parsed, anonymized and serialized by worker threads and written in input order (byte-identical
 * output for any thread count), quarantine of malformed records, failure statistics
 * ({@link org.anonkit.pipeline.FailureDefinition}, {@link org.anonkit.pipeline.FailureStatistics}),
 * mapping files, a resume journal and {@code manifest.json}. Outputs go to the two halves of
 * {@link org.anonkit.pipeline.OutputLayout}: {@code share/} and the owner-only {@code private/}.
 * {@link org.anonkit.pipeline.RunReport} says what a run did. Its per-record step is public as
 * {@link org.anonkit.pipeline.RecordAnonymizer} and its dictionary pass as
 * {@link org.anonkit.pipeline.ScrubDictionary}, so that other engines (module anon-spark) run the same
 * code and produce the same values.
 *
 * <p>Policies for the pipeline may carry these extension sections: {@code modes} (identity modes such
 * as {@code fpe}), {@code scrub} (handlers merged into every {@code scrub-text} rule),
 * {@code dictionary} (identity fields feeding the scrub dictionary), {@code failures}
 * ({@code definition}, {@code userField}), {@code mapping} ({@code fields}) and {@code ipIntegers}
 * ({@code fields} that also get an unsigned 32-bit twin, {@code <Field>_u32}). The reviewed HTCondor
 * policy is {@code examples/policies/htcondor.json} ({@link org.anonkit.pipeline.Pipeline#bundledPolicy}).
 */
package org.anonkit.pipeline;
