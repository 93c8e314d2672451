package dev.trackway.compat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Password hashes in werkzeug's format ({@code generate_password_hash} / {@code
 * check_password_hash}, werkzeug 3.1, which MLflow's auth store uses): {@code <method>$<salt>$<hex
 * digest>}. New hashes are {@code scrypt:32768:8:1} with a 16-character alphanumeric salt, so users
 * created by Trackway log in on MLflow; {@code scrypt} and {@code pbkdf2} hashes written by any
 * werkzeug version verify. A malformed hash verifies nothing.
 */
public final class WerkzeugPasswords {
  private static final String SALT_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final Set<String> PBKDF2_HASHES =
      Set.of("sha1", "sha224", "sha256", "sha384", "sha512");
  // bounds against a tampered database asking for gigabytes of memory or hours of CPU
  private static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;
  private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;

  private WerkzeugPasswords() {}

  /** werkzeug's default: {@code scrypt:32768:8:1$<salt>$<128 hex>}. */
  public static String hash(String password) {
    // one per hash (rare: a user created or a password changed), never a static one: a SecureRandom
    // in a static field would be seeded into the native image's heap at build time
    SecureRandom random = new SecureRandom();
    StringBuilder salt = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      salt.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
    }
    byte[] dk = scrypt(password, salt.toString(), 32768, 8, 1);
    return "scrypt:32768:8:1$" + salt + "$" + HexFormat.of().formatHex(dk);
  }

  /** werkzeug's {@code check_password_hash}: false for a wrong password or a malformed hash. */
  public static boolean verify(String stored, String password) {
    if (stored == null || password == null) {
      return false;
    }
    String[] parts = stored.split("\\$", 3);
    if (parts.length != 3) {
      return false;
    }
    byte[] dk;
    try {
      dk = derive(parts[0], parts[1], password);
    } catch (RuntimeException | GeneralSecurityException e) {
      return false;
    }
    if (dk == null) {
      return false;
    }
    return MessageDigest.isEqual(
        HexFormat.of().formatHex(dk).getBytes(StandardCharsets.US_ASCII),
        parts[2].getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] derive(String method, String salt, String password)
      throws GeneralSecurityException {
    String[] m = method.split(":");
    switch (m[0]) {
      case "scrypt" -> {
        int n = 32768;
        int r = 8;
        int p = 1;
        if (m.length > 1) {
          if (m.length != 4) {
            return null;
          }
          n = Integer.parseInt(m[1]);
          r = Integer.parseInt(m[2]);
          p = Integer.parseInt(m[3]);
        }
        if (n < 2 || r < 1 || p < 1 || 128L * n * r * p > MAX_SCRYPT_MEMORY) {
          return null;
        }
        return scrypt(password, salt, n, r, p);
      }
      case "pbkdf2" -> {
        String hash = m.length > 1 ? m[1].toLowerCase(Locale.ROOT) : "sha256";
        int iterations = m.length > 2 ? Integer.parseInt(m[2]) : 1_000_000;
        if (m.length > 3
            || !PBKDF2_HASHES.contains(hash)
            || iterations < 1
            || iterations > MAX_PBKDF2_ITERATIONS) {
          return null;
        }
        String digest = "SHA-" + hash.substring(3);
        if (hash.equals("sha1")) {
          digest = "SHA-1";
        }
        int bits = MessageDigest.getInstance(digest).getDigestLength() * 8;
        // SunJCE encodes the password characters as UTF-8, as hashlib.pbkdf2_hmac is given them
        return SecretKeyFactory.getInstance("PBKDF2WithHmac" + hash.toUpperCase(Locale.ROOT))
            .generateSecret(
                new PBEKeySpec(
                    password.toCharArray(),
                    salt.getBytes(StandardCharsets.UTF_8),
                    iterations,
                    bits))
            .getEncoded();
      }
      default -> {
        return null;
      }
    }
  }

  private static byte[] scrypt(String password, String salt, int n, int r, int p) {
    return SCrypt.generate(
        password.getBytes(StandardCharsets.UTF_8),
        salt.getBytes(StandardCharsets.UTF_8),
        n,
        r,
        p,
        64);
  }
}
