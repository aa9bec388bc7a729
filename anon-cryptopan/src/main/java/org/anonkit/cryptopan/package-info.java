/**
 * Crypto-PAn prefix-preserving IPv4/IPv6 anonymization ({@link org.anonkit.cryptopan.CryptoPan}) and the
 * transformers built on it: {@code cryptopan} and {@code ip} (plain addresses) and {@code sinful}
 * (addresses inside HTCondor sinful strings).
 */
package org.anonkit.cryptopan;
