/**
 * Free-text scrubbing: the {@code scrub-text} transformer ({@link org.anonkit.pipeline.scrub.ScrubTextProvider})
 * finds user names, e-mail addresses, x509 DNs, IP addresses, sinful strings, host names and phone
 * numbers inside text and replaces each by the token its kind gets in the identity fields.
 */
package org.anonkit.pipeline.scrub;
