package dev.trackway.config;

/** Whether this process is the native executable (built by GraalVM's native-image) or a JVM. */
public final class NativeExecutable {
  private NativeExecutable() {}

  /**
   * What GraalVM's {@code ImageInfo.inImageRuntimeCode()} answers, read from the property it reads:
   * the jar's class path has no GraalVM SDK.
   */
  public static boolean running() {
    return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));
  }
}
