/**
 * JSON policy and key files: {@link org.anonkit.config.PolicyJson} and {@link org.anonkit.config.KeyFiles}.
 */
package org.anonkit.config;
