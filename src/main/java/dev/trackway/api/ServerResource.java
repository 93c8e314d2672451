package dev.trackway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** MLflow's hand-written server routes: /health, /version and server-info. */
@Path("/")
public class ServerResource {
  /**
   * What /version reports. The 3.18 client parses it with packaging.Version and sends trace spans
   * over OTLP ({@code POST /v1/traces}) only to servers of 3.4 and later. Trackway does not accept
   * OTLP yet, so it reports 3.3.0 and the client keeps spans on its artifact path instead
   * (docs/compatibility.md). Any other behaviour of the client is independent of this value.
   */
  public static final String MLFLOW_API_VERSION = "3.3.0";

  @GET
  @Path("health")
  @Produces(MediaType.TEXT_HTML)
  public String health() {
    return "OK";
  }

  @GET
  @Path("version")
  @Produces(MediaType.TEXT_HTML)
  public String version() {
    return MLFLOW_API_VERSION;
  }

  @GET
  @Path("{prefix: api|ajax-api}/3.0/mlflow/server-info")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> serverInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store_type", "SqlStore");
    m.put("workspaces_enabled", false);
    return m;
  }
}
