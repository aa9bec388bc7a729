/**
 * JSON policy and key files: {@link org.anonkit.config.PolicyJson} and {@link org.anonkit.config.KeyFiles}.
 *
 * <p>{@code PolicyJson} reads policy files and writes a policy built in code back as one, canonical and
 * exact ({@link org.anonkit.config.PolicyJson#write PolicyJson.write}):
 *
 * <pre>{@code
 * Policy built = Policy.builder().name("mine").keep("JobStatus")
 *     .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user").build()).build();
 * Files.writeString(Path.of("mine.json"), PolicyJson.write(built)); // PolicyJson.read gives it back
 * }</pre>
 */
package org.anonkit.config;
