package dev.trackway.artifacts.s3;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Native image only (GraalVM substitutions; the JVM never loads this class): the AWS SDK's optional
 * AWS CRT code paths, cut where the SDK itself decides at run time that the CRT is absent.
 *
 * <p>Trackway does not ship {@code software.amazon.awssdk.crt:aws-crt}. On the JVM the SDK checks
 * for its classes at run time and answers exactly as below (CRC32C falls back to {@code
 * java.util.zip.CRC32C}; CRC64NVME and XXHASH fail with the SDK's own "add a dependency" message).
 * The native build cannot see that run-time check: under Quarkus's standard {@code
 * --link-at-build-time} the static references to the absent CRT classes fail the build ("Discovered
 * unresolved type during parsing: software.amazon.awssdk.crt.checksums.CRC64NVME"). These
 * substitutions replace only the methods that name CRT classes, with the JVM's CRT-absent outcome,
 * so the native executable behaves like the jar. See docs/adr (native build: AWS SDK without the
 * Quarkiverse extension).
 */
final class AwsSdkNativeSubstitutions {
  private AwsSdkNativeSubstitutions() {}

  static final String CRT_MODULE = "software.amazon.awssdk.crt:aws-crt";

  @TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
  static final class Target_ChecksumProvider {
    /** JVM without the CRT: {@code null}, so that the caller falls back to the SDK's own CRC32C. */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
      return null;
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
      throw new RuntimeException(
          "Could not load software.amazon.awssdk.crt.checksums.CRC64NVME. Add dependency on '"
              + CRT_MODULE
              + "' module to enable CRC64NVME feature.");
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
      throw new RuntimeException(
          String.format(
              "Could not load %s for algorithm: %s. Add dependency on '%s' module.",
              "software.amazon.awssdk.crt.checksums.XXHash", algorithm.algorithmId(), CRT_MODULE));
    }
  }
}
