package dev.trackway.api.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The UI's telemetry switch ({@code /ajax-api/3.0/mlflow/ui-telemetry}). Trackway collects no
 * telemetry: it answers what MLflow's server answers with telemetry disabled, so the UI sends
 * nothing (and is told "disabled" if it does).
 */
@Path("/ajax-api/3.0/mlflow/ui-telemetry")
public class UiTelemetryResource {
  static final String CONFIG =
      "{\"disable_ui_events\":[],\"disable_ui_telemetry\":true,\"ui_rollout_percentage\":0}\n";
  static final String DISABLED = "{\"status\":\"disabled\"}\n";

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String config() {
    return CONFIG;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public String records(byte[] body) {
    return DISABLED;
  }
}
