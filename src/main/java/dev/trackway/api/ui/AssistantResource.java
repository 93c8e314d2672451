package dev.trackway.api.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The MLflow Assistant's settings as the UI reads them on every page ({@code
 * /ajax-api/3.0/mlflow/assistant/config} and {@code .../providers}). Trackway runs no assistant: no
 * provider is configured, none can be chosen and the server settings cannot be edited, so the UI
 * offers no chat (MLflow's server instead lists its providers and preselects a local Ollama, whose
 * chat routes Trackway does not serve). The other assistant routes answer NOT_IMPLEMENTED.
 */
@Path("/ajax-api/3.0/mlflow/assistant")
public class AssistantResource {
  static final String CONFIG =
      "{\"providers\":{},\"projects\":{},\"remote_access_allowed\":false,"
          + "\"can_edit_server_settings\":false}";
  static final String PROVIDERS =
      "{\"providers\":[],\"resolved\":null,\"gateway_vendor_options\":{}}";

  @GET
  @Path("/config")
  @Produces(MediaType.APPLICATION_JSON)
  public String config() {
    return CONFIG;
  }

  @GET
  @Path("/providers")
  @Produces(MediaType.APPLICATION_JSON)
  public String providers() {
    return PROVIDERS;
  }
}
