/**
 * Format-preserving encryption (NIST SP 800-38G Rev 1): {@link org.anonkit.fpe.Ff1Cipher} (the default),
 * {@link org.anonkit.fpe.Ff3_1Cipher} (deprecated, interoperability only) and
 * {@link org.anonkit.fpe.Alphabet}.
 *
 * <p>The module also provides the transformers {@code ff1}, {@code ff3-1}, {@code numeric-id},
 * {@code email}, {@code phone}, {@code dn} and {@code hostname} through
 * {@link org.anonkit.spi.TransformerProvider} (their classes are not exported). They share these rules:
 * <ul>
 *   <li><b>Keys and domain separation.</b> Each transformer's AES-256 key is
 *       {@code TransformerContext.key()}, derived for {@code anonkit/v1/<transformer>/<field or linkage
 *       domain>}: the same value in two fields encrypts differently unless the policy puts both fields
 *       in one linkage domain. Inside a value, each part (email local part, domain labels, DN attribute
 *       type, host labels) uses its own FF1 tweak, which also holds the part's layout (the class of each
 *       character and the kept separators): values that differ only in case or punctuation
 *       ({@code john.smith}, {@code John_Smith}) encrypt independently.
 *   <li><b>Character classes.</b> Mixed values keep each character's class: digits stay digits, lower-
 *       and upper-case letters stay so, separators stay in place ({@code Alice123 -> Qtrbz482}). The
 *       classed positions form a mixed-radix domain that FF1 (radix 2, cycle walking) permutes exactly.
 *       Characters outside ASCII letters, digits and the transformer's separators are rejected.
 *   <li><b>Short values.</b> A value (or part) with fewer than 1,000,000 possible values is below
 *       SP 800-38G Rev 1's minimum domain. Policy {@code shortValues}: {@code fail} (an
 *       {@link org.anonkit.InvalidInputException}) or {@code hmac} (default for the format-aware
 *       transformers): an HMAC-SHA256 token with the same classes, deterministic but irreversible and
 *       collision-prone (it maps the short domain into itself without being a permutation: of n
 *       distinct values in a domain of D, two share a token with probability about n²/2D; 5-digit
 *       {@code numeric-id}s collide by the tens of thousands). Never left in clear.
 *   <li><b>Tweaks.</b> Policy {@code tweak} is read differently by the two ciphers: for {@code ff1}
 *       (and {@code numeric-id}) it is text whose UTF-8 bytes are the tweak ({@code "site-A"}; a hex
 *       string such as {@code "3737"} is the four bytes of its characters, not two bytes), at most
 *       4,096 bytes; for {@code ff3-1} it is exactly 14 hexadecimal digits (56 bits). Without one,
 *       {@code ff1} uses the empty tweak and {@code ff3-1} a tweak derived from its key. The command
 *       line's {@code anonkit fpe --tweak-hex} takes hexadecimal for both.
 *   <li><b>Kept separators ({@code ff1}, {@code ff3-1}).</b> Policy {@code separators}, printable ASCII
 *       characters outside the alphabet (e.g. {@code "._-"} for user names such as {@code jane.doe},
 *       {@code cms_prod}, {@code j-doe}; default none), stay where they are; the value's other
 *       characters are encrypted together as one string under a tweak that also holds the value's
 *       layout ({@code ff1}: the tweak, 0x00, one byte per character, the separator or 0x00; {@code ff3-1}:
 *       the first 56 bits of SHA-256 over the same), so {@code jane.doe} and {@code janed.oe} encrypt
 *       independently. A value without a separator gets the token it gets without the parameter. The
 *       domain is the radix to the number of non-separator characters; below 1,000,000 the value is a
 *       short value.
 *   <li><b>Long values.</b> A part (an e-mail's local part, a host label, a DN attribute value) longer
 *       than 1,024 characters is rejected ({@link org.anonkit.InvalidInputException}): its cost grows
 *       with the square of its length.
 * </ul>
 */
package org.anonkit.fpe;
