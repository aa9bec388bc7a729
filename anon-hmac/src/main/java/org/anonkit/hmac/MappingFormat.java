package org.anonkit.hmac;

/**
 * File formats {@link MappingStore} writes. Both list one row per distinct (scope, token, clear)
 * triple, sorted by scope, then token (UTF-16 code unit order), in UTF-8.
 *
 * <p>Immutable and thread-safe.
 */
public enum MappingFormat {
  /**
   * RFC 4180 CSV: a header row {@code scope,token,clear}, then the rows; fields holding a comma,
   * quote, CR or LF are quoted. The metadata (scopes, fields, key id, encoding, length, prefix) is
   * written beside it in {@code <file>.meta.json}, the same JSON object as the first JSONL line, so the
   * CSV stays plain for spreadsheet and database loaders.
   */
  CSV,
  /**
   * JSON Lines: the first line is the metadata object ({@code "format":"anonkit-mapping"}), every
   * following line is {@code {"scope":...,"token":...,"clear":...}}.
   */
  JSONL
}
