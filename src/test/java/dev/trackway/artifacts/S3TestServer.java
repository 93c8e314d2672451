package dev.trackway.artifacts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A real S3-compatible HTTP server for the S3 artifact tests: s3proxy on a jclouds filesystem blob
 * store, signature V4 authentication. It runs as a child JVM on the test classpath minus the Guice
 * 5 jar that Quarkus' test bootstrap brings (jclouds needs Guice 7; both define the same classes),
 * one per test JVM, stopped when the JVM exits. Like many S3-compatible stores it rejects the SDK's
 * default flexible checksums, so the tests run with {@code when_required} (see
 * S3ArtifactRepositoryTest#checksumSettings).
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "trackway-access";
  public static final String SECRET_KEY = "trackway-secret-key";
  public static final String BUCKET = "trackway-artifacts";

  private static S3TestServer instance;

  private final Process process;
  private final Path baseDir;
  private final int port;

  private S3TestServer() throws Exception {
    baseDir = Files.createTempDirectory("trackway-s3proxy");
    Files.createDirectories(baseDir.resolve("blobs").resolve(BUCKET));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path props = baseDir.resolve("s3proxy.conf");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.identity=unused",
            "jclouds.credential=unused",
            "jclouds.filesystem.basedir=" + baseDir.resolve("blobs"),
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                classpath(),
                "org.gaul.s3proxy.Main",
                "--properties",
                props.toString())
            .redirectErrorStream(true)
            .redirectOutput(baseDir.resolve("s3proxy.log").toFile());
    process = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    // generous: on a loaded 2-core machine the JVM of s3proxy took over 60 s to listen
    long deadline = System.currentTimeMillis() + 180_000;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException e) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "s3proxy did not start: " + Files.readString(baseDir.resolve("s3proxy.log")));
        }
        Thread.sleep(100);
      }
    }
  }

  /** The test classpath (expanding a manifest-only surefire jar), without Guice 5. */
  static String classpath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.endsWith(".jar") && e.contains("surefirebooter")) {
        try (JarFile jar = new JarFile(e)) {
          Manifest m = jar.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              entries.add(Path.of(URI.create(u)).toString());
            }
          }
        }
      } else {
        entries.add(e);
      }
    }
    List<String> kept = new ArrayList<>();
    for (String e : entries) {
      String name = Path.of(e).getFileName().toString();
      if (!name.matches("guice-[0-9.]+-classes\\.jar")) {
        kept.add(e);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /** The shared server; also sets the AWS credentials and region system properties. */
  public static synchronized S3TestServer get() {
    if (instance == null) {
      instance = startNew();
    }
    return instance;
  }

  /** A server of its own (a test resource stops it with {@link #stop}). */
  public static S3TestServer startNew() {
    S3TestServer server;
    try {
      server = new S3TestServer();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start s3proxy", e);
    }
    {
      System.setProperty("aws.accessKeyId", ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", SECRET_KEY);
      System.setProperty("aws.region", "us-east-1");
      // s3proxy 2.6 does not accept the SDK's default aws-chunked uploads with trailing
      // checksums (x-amz-content-sha256 STREAMING-...-TRAILER): the setting users of such
      // stores need, as the environment variable AWS_REQUEST_CHECKSUM_CALCULATION=when_required
      System.setProperty("aws.requestChecksumCalculation", "when_required");
      System.setProperty("aws.responseChecksumValidation", "when_required");
    }
    return server;
  }

  public void stop() {
    process.destroy();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      deleteTree(baseDir);
    } catch (RuntimeException ignored) {
      // best effort at exit
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Where the blob store keeps the bucket's objects (one file per object). */
  public Path bucketDir() {
    return baseDir.resolve("blobs").resolve(BUCKET);
  }

  /** The blob store's base directory (the bucket is one folder in it). */
  public Path blobsDir() {
    return baseDir.resolve("blobs");
  }

  public static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (var files = Files.walk(p)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
