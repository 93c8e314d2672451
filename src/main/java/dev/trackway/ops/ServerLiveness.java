package dev.trackway.ops;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Liveness: the process answers HTTP. Deliberately independent of the database and the artifact
 * store, so an outage of either makes the replicas unready (no traffic) rather than restarted.
 */
@org.eclipse.microprofile.health.Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {
  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.up("server");
  }
}
