package dev.trackway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A TCP proxy on a loopback port in front of a database server, for outages that disturb nothing
 * else using that server: {@link #cut} closes every proxied connection and refuses new ones (a
 * stopped or restarted database), {@link #stall} stops forwarding bytes without closing anything (a
 * network that drops packets), {@link #restore} serves again on the same port.
 *
 * <p>It is a {@code Consumer<String>} ({@code "cut"}, {@code "stall"}, {@code "restore"}) so that a
 * test can drive the instance a test resource started, whatever class loader each was loaded by.
 */
public final class TcpProxy implements Consumer<String>, AutoCloseable {
  private enum Mode {
    UP,
    CUT,
    STALL
  }

  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.UP;
  private volatile ServerSocket server;
  private int port;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    listen(0);
  }

  public int port() {
    return port;
  }

  @Override
  public void accept(String command) {
    switch (command) {
      case "cut" -> cut();
      case "stall" -> stall();
      case "restore" -> restore();
      default -> throw new IllegalArgumentException(command);
    }
  }

  /** Closes every proxied connection and refuses new ones. */
  public synchronized void cut() {
    mode = Mode.CUT;
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Forwards nothing more, in either direction, and answers new connections with silence. */
  public synchronized void stall() {
    mode = Mode.STALL;
  }

  /** Serves again (on the same port after a cut); stalled connections are dropped. */
  public synchronized void restore() {
    Mode was = mode;
    mode = Mode.UP;
    if (was == Mode.STALL) {
      sockets.forEach(TcpProxy::closeQuietly);
      sockets.clear();
    }
    if (server == null || server.isClosed()) {
      try {
        listen(port);
      } catch (IOException e) {
        throw new IllegalStateException("cannot listen again on " + port, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    cut();
  }

  private void listen(int onPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
    server = s;
    port = s.getLocalPort();
    Thread t = new Thread(() -> acceptLoop(s), "tcp-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        sockets.add(client);
        if (mode != Mode.UP) {
          continue; // stalled: the client waits for a greeting that never comes
        }
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by cut(), or the target refused: the client sees its connection close
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  while (mode == Mode.STALL && !from.isClosed()) {
                    Thread.sleep(10);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // either side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
