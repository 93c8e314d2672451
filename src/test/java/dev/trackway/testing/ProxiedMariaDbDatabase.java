package dev.trackway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A fresh MariaDB database ({@link MariaDbDatabase}) that Trackway reaches through a {@link
 * TcpProxy}, so a test can take the database away and give it back: the proxy is injected into the
 * test's {@code Consumer<String>} field ({@code accept("cut" | "stall" | "restore")}), a JDK type
 * whatever class loader loaded each side.
 */
public class ProxiedMariaDbDatabase implements QuarkusTestResourceLifecycleManager {
  private final MariaDbDatabase database = new MariaDbDatabase();
  private TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    String uri = database.start().get("mlflow.backend-store-uri");
    try {
      proxy = new TcpProxy(MariaDbDatabase.HOST, Integer.parseInt(MariaDbDatabase.PORT));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String direct = "@" + MariaDbDatabase.HOST + ":" + MariaDbDatabase.PORT + "/";
    return Map.of(
        "mlflow.backend-store-uri", uri.replace(direct, "@127.0.0.1:" + proxy.port() + "/"));
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(proxy, new TestInjector.MatchesType(Consumer.class));
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    database.stop();
  }
}
