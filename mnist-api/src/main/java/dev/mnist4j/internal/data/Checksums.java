package dev.mnist4j.internal.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of byte arrays. */
final class Checksums {
    private Checksums() {}

    static String sha256(byte[] data) {
        return hex("SHA-256", data);
    }

    static String md5(byte[] data) {
        return hex("MD5", data);
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
