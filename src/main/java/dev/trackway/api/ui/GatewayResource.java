package dev.trackway.api.ui;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What the UI reads of MLflow's AI Gateway, answered as MLflow's server answers with nothing
 * configured: the legacy deployments proxy ({@code gateway-proxy}, which MLflow answers {@code
 * {"endpoints": []}} when no {@code MLFLOW_DEPLOYMENTS_TARGET} is set) and the gateway's listings
 * (endpoints, bindings, secrets, model definitions, guardrails, budgets: none). Trackway has no
 * gateway: every route that would create or read one item answers NOT_IMPLEMENTED
 * (docs/compatibility.md).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {
  static final String NO_ENDPOINTS = "{\"endpoints\":[]}\n";
  static final String EMPTY = "{}";

  @GET
  @Path("/ajax-api/2.0/mlflow/gateway-proxy")
  public String proxyGet() {
    return NO_ENDPOINTS;
  }

  @POST
  @Path("/ajax-api/2.0/mlflow/gateway-proxy")
  public String proxyPost(byte[] body) {
    return NO_ENDPOINTS;
  }

  @GET
  @Path(
      "/{prefix: api|ajax-api}/3.0/mlflow/gateway/{list: endpoints/list|endpoints/bindings/list"
          + "|secrets/list|model-definitions/list|guardrails/list|budgets/list}")
  public String emptyList() {
    return EMPTY;
  }

  /**
   * The gateway's secret store as MLflow reports it by default (usable, default passphrase), so the
   * AI Gateway page opens on its "get started" state rather than on MLflow's server setup
   * instructions; creating a secret or an endpoint then answers NOT_IMPLEMENTED.
   */
  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/gateway/secrets/config")
  public String secretsConfig() {
    return "{\"secrets_available\":true,\"using_default_passphrase\":true}";
  }
}
