#!/usr/bin/env python3
"""Vectors for RapporEncoder's compatibility with Google's reference RAPPOR client.

The two functions below restate, for Python 3, what github.com/google/rappor client/python/rappor.py
does in get_bloom_bits (MD5 over the 4-byte big-endian cohort followed by the value; hash i is byte i
of the digest modulo k) and get_prr_masks (HMAC-SHA256 of the value under the client secret; for bit i,
the low bit of byte i is the uniform bit and its upper 7 bits are compared with f*128). The PRR is
(uniform & f_mask) | (bloom & ~f_mask). Run: python3 rappor_reference_vectors.py > rappor-reference.csv
"""
import hashlib
import hmac
import struct


def get_bloom_bits(word, cohort, num_hashes, num_bloombits):
    digest = hashlib.md5(struct.pack('>L', cohort) + word).digest()
    return [digest[i] % num_bloombits for i in range(num_hashes)]


def get_prr_masks(secret, word, prob_f, num_bits):
    digest = hmac.new(secret, word, digestmod=hashlib.sha256).digest()
    threshold128 = prob_f * 128
    uniform = 0
    f_mask = 0
    for i in range(num_bits):
        byte = digest[i]
        uniform |= (byte & 0x01) << i
        f_mask |= int((byte >> 1) < threshold128) << i
    return uniform, f_mask


print("id,cohort,value,secret_hex,k,h,f,bloom,prr")
cases = [
    (0, "v1", "00112233445566778899aabbccddeeff", 16, 2, 0.5),
    (63, "v1", "00112233445566778899aabbccddeeff", 16, 2, 0.5),
    (5, "condor_exec.exe", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", 32, 4, 0.25),
    (17, "https://example.org/ä", "ffeeddccbbaa99887766554433221100", 32, 2, 0.75),
    (1, "", "000102030405060708090a0b0c0d0e0f", 8, 1, 0.0),
    (42, "GlideinWMS", "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5", 20, 16, 0.3),
]
for n, (cohort, value, secret_hex, k, h, f) in enumerate(cases):
    word = value.encode("utf-8")
    bloom = 0
    for b in get_bloom_bits(word, cohort, h, k):
        bloom |= 1 << b
    uniform, f_mask = get_prr_masks(bytes.fromhex(secret_hex), word, f, k)
    prr = (uniform & f_mask) | (bloom & ~f_mask)
    print(f"case{n},{cohort},{value},{secret_hex},{k},{h},{f},{bloom},{prr}")
