package org.anonkit.cryptopan;

import java.util.HexFormat;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;

/** Keys for tests. */
final class TestKeys {
  /** The sample key of the Crypto-PAn reference distribution. */
  static final String REFERENCE_HEX = HexFormat.of().formatHex(new byte[] {
      21, 34, 23, (byte) 141, 51, (byte) 164, (byte) 207, (byte) 128, 19, 10, 91, 22, 73, (byte) 144, 125, 16,
      (byte) 216, (byte) 152, (byte) 143, (byte) 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, (byte) 132, 34, 2});

  private TestKeys() {}

  static DerivedKey direct(String hex) {
    return DerivedKey.direct(SecretBytes.fromHex(hex, SecretAccess.get()));
  }

  static DerivedKey reference() {
    return direct(REFERENCE_HEX);
  }
}
