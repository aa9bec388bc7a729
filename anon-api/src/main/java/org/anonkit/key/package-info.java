/**
 * Keys: {@link org.anonkit.key.MasterKey} (an id and a secret that never prints), per-purpose
 * {@link org.anonkit.key.DerivedKey}s by HKDF-SHA256 (RFC 5869), {@link org.anonkit.key.SecretBytes}
 * readable only with a {@link org.anonkit.key.SecretAccess} token, and {@link org.anonkit.key.KeySource}s
 * opened by {@link org.anonkit.key.KeySources#open(String)}.
 */
package org.anonkit.key;
