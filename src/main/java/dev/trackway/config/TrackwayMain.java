package dev.trackway.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Map;

/**
 * Entry point: accepts the options of {@code mlflow server} that Trackway supports and turns them
 * into configuration properties before Quarkus starts. Environment variables ({@code MLFLOW_HOST},
 * {@code MLFLOW_PORT}, {@code MLFLOW_BACKEND_STORE_URI}, ...) map to the same properties.
 */
@QuarkusMain
public class TrackwayMain {

  /** flag -> configuration property (flags that take a value). */
  static final Map<String, String> VALUE_FLAGS =
      Map.of(
          "--host", "mlflow.host",
          "-h", "mlflow.host",
          "--port", "mlflow.port",
          "-p", "mlflow.port",
          "--backend-store-uri", "mlflow.backend-store-uri",
          "--default-artifact-root", "mlflow.default-artifact-root",
          "--artifacts-destination", "mlflow.artifacts-destination",
          "--static-prefix", "mlflow.static-prefix",
          "--x-frame-options", "mlflow.server-x-frame-options");

  /** flags without a value -> (property, value). */
  static final Map<String, String[]> SWITCHES =
      Map.of(
          "--serve-artifacts", new String[] {"mlflow.serve-artifacts", "true"},
          "--no-serve-artifacts", new String[] {"mlflow.serve-artifacts", "false"},
          "--artifacts-only", new String[] {"mlflow.artifacts-only", "true"},
          "--disable-security-middleware",
              new String[] {"mlflow.server-disable-security-middleware", "true"});

  static final String USAGE =
      """
      Usage: java -jar quarkus-run.jar [OPTIONS]

        Runs Trackway, an MLflow-compatible tracking server. Options follow `mlflow server`;
        each can also be given as the environment variable named in brackets.

        --host, -h HOST                 [MLFLOW_HOST] address to listen on (default 127.0.0.1)
        --port, -p PORT                 [MLFLOW_PORT] port to listen on (default 5000)
        --backend-store-uri URI         [MLFLOW_BACKEND_STORE_URI] sqlite:///mlflow.db (default),
                                        mysql://user:pass@host:3306/db, or a JDBC URL
        --default-artifact-root URI     [MLFLOW_DEFAULT_ARTIFACT_ROOT] artifact root for new experiments
        --artifacts-destination URI     [MLFLOW_ARTIFACTS_DESTINATION] where served artifacts are stored
        --serve-artifacts / --no-serve-artifacts   [MLFLOW_SERVE_ARTIFACTS] proxy artifacts (default on)
        --artifacts-only                [MLFLOW_ARTIFACTS_ONLY] serve only the artifact endpoints
        --static-prefix /PREFIX         [MLFLOW_STATIC_PREFIX] serve the UI and every route under PREFIX
        --x-frame-options VALUE         [MLFLOW_SERVER_X_FRAME_OPTIONS] SAMEORIGIN (default), DENY, NONE
        --disable-security-middleware   [MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE] no security headers
        --help                          show this message
      """;

  public static void main(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (arg.equals("--help")) {
        System.out.print(USAGE);
        return;
      }
      String property = VALUE_FLAGS.get(arg);
      if (property != null) {
        if (value == null) {
          if (i + 1 >= args.length) {
            fail("Option " + arg + " requires a value");
          }
          value = args[++i];
        }
        System.setProperty(property, value);
        continue;
      }
      String[] sw = SWITCHES.get(arg);
      if (sw != null && value == null) {
        System.setProperty(sw[0], sw[1]);
        continue;
      }
      if (arg.equals("--workers")
          || arg.equals("-w")
          || arg.equals("--gunicorn-opts")
          || arg.equals("--uvicorn-opts")
          || arg.equals("--waitress-opts")) {
        // Python server process options: meaningless for a JVM server; accepted so scripts keep
        // working.
        if (value == null && i + 1 < args.length) {
          i++;
        }
        System.err.println(
            "Ignoring `mlflow server` option " + arg + " (not applicable to Trackway)");
        continue;
      }
      fail("No such option: " + args[i]);
    }
    Quarkus.run(new String[0]);
  }

  private static void fail(String message) {
    System.err.println("Error: " + message);
    System.err.print(USAGE);
    System.exit(2);
  }
}
