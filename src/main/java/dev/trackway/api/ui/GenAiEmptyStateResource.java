package dev.trackway.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * Listings of GenAI features Trackway does not store yet, which the UI reads when it opens an
 * experiment's pages: scorers (Judges), issues, skills and MCP servers. Each answers exactly what
 * MLflow's server answers when there is none, so the pages show their empty state; creating any of
 * them answers NOT_IMPLEMENTED (docs/compatibility.md lists what each page needs).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class GenAiEmptyStateResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/scorers/list")
  public String scorers() {
    return "{}";
  }

  /** MLflow adds {@code total_count} when the request asks for it. */
  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/issues/search")
  public String issues(byte[] body) {
    boolean total = false;
    try {
      JsonNode req = body == null || body.length == 0 ? null : JSON.readTree(body);
      total = req != null && req.path("include_total_count").asBoolean(false);
    } catch (IOException e) {
      // an unreadable body asks for nothing more
    }
    return total ? "{\"next_page_token\":\"\",\"total_count\":0}" : "{\"next_page_token\":\"\"}";
  }

  @GET
  @Path("/ajax-api/3.0/mlflow/skills")
  public String skills() {
    return "{\"skills\":[],\"next_page_token\":null}";
  }

  @GET
  @Path("/ajax-api/3.0/mlflow/mcp-servers")
  public String mcpServers() {
    return "{\"mcp_servers\":[],\"next_page_token\":null}";
  }
}
