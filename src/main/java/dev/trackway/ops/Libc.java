package dev.trackway.ops;

import org.graalvm.nativeimage.c.function.CFunction;

/**
 * The C library functions the native executable calls directly (GraalVM's {@code @CFunction}: a
 * call into libc, linked when the executable is built). Never loaded on the JVM: callers check
 * {@code NativeExecutable.running()} first.
 */
final class Libc {
  private Libc() {}

  /** {@code int madvise(void *addr, size_t length, int advice)}. */
  @CFunction
  static native int madvise(long address, long length, int advice);
}
