package org.anonkit.pipeline.scrub;

/** A piece of free text recognized as one kind of identifier. Immutable. */
final class Span {
  static final int SECRET = -1; // a credential (a JWT, a password, a bearer token): always masked, first at its start
  static final int DN = 0;
  static final int SINFUL = 1;
  static final int EMAIL = 2;
  static final int SLOT = 3; // the host of slot1_2@host or glidein_1_2@host: not an e-mail address
  static final int PATH_USER = 4;
  static final int IPV4 = 5;
  static final int IPV6 = 6;
  static final int PHONE = 7;
  static final int NAME = 8;
  static final int HOST = 9;
  static final int IPV6_DASHED = 10; // [2620-6a-0-8421--1] inside a sinful string's addrs=
  static final int IPV4_DASHED = 11; // 10-5-49-28 in a name such as CRUSH-OSG-C7-10-5-49-28
  static final int MASKED = 12; // the tail of a span that overlapped a taken one: its marker (canonical)

  final int start;
  final int end;
  final int kind;
  final String canonical; // the dictionary spelling for NAME, the marker for MASKED, else null

  Span(int start, int end, int kind, String canonical) {
    this.start = start;
    this.end = end;
    this.kind = kind;
    this.canonical = canonical;
  }

  @Override
  public String toString() {
    return "Span[" + start + "," + end + ") kind " + kind; // never the text
  }
}
