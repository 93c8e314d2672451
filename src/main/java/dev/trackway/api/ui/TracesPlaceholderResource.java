package dev.trackway.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.api.Guarded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * Until Trackway stores traces (the tracing issue), the trace listings the UI reads on every
 * experiment page answer as MLflow's server does with no trace: {@code {}}. The tracing work
 * replaces this class with the real routes.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TracesPlaceholderResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/search")
  public String searchTracesV3(byte[] body) {
    return "{}";
  }

  /**
   * Over no traces, MLflow's grouped queries (by time bucket or dimension) have no rows; an
   * ungrouped COUNT has one row, 0, and the other aggregations nothing.
   */
  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/metrics")
  public String traceMetrics(byte[] body) {
    JsonNode req;
    try {
      req = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      req = null;
    }
    if (req == null
        || req.hasNonNull("time_interval_seconds")
        || (req.has("dimensions") && req.get("dimensions").size() > 0)) {
      return "{}";
    }
    boolean count = false;
    for (JsonNode a : req.path("aggregations")) {
      count |= "COUNT".equals(a.path("aggregation_type").asText());
    }
    if (!count) {
      return "{}";
    }
    ObjectNode point = JSON.createObjectNode();
    point.put("metric_name", req.path("metric_name").asText(""));
    point.putObject("values").put("COUNT", 0.0);
    ObjectNode out = JSON.createObjectNode();
    out.putArray("data_points").add(point);
    return out.toString();
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces")
  public String searchTraces() {
    return "{}";
  }
}
