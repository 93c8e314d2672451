package dev.trackway.api.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Until Trackway stores traces (the tracing issue), the trace listings the UI reads on every
 * experiment page answer as MLflow's server does with no trace: {@code {}}. The tracing work
 * replaces this class with the real routes.
 */
@Path("/")
public class TracesPlaceholderResource {

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/search")
  @Produces(MediaType.APPLICATION_JSON)
  public String searchTracesV3(byte[] body) {
    return "{}";
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/metrics")
  @Produces(MediaType.APPLICATION_JSON)
  public String traceMetrics(byte[] body) {
    return "{}";
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces")
  @Produces(MediaType.APPLICATION_JSON)
  public String searchTraces() {
    return "{}";
  }
}
