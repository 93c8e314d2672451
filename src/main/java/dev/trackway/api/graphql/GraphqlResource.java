package dev.trackway.api.graphql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trackway.error.MlflowException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * MLflow's {@code /graphql} (GET and POST): a JSON body {@code {"query", "variables",
 * "operationName"}} (read for GET too; the query string is ignored, as MLflow does), a POST body
 * typed {@code application/json}. The answer is always 200 {@code {"data", "errors"}}, keys sorted,
 * as Flask's {@code jsonify} writes it. A body that is not such an object, or a document that does
 * not parse, answers 400 INVALID_PARAMETER_VALUE (MLflow: an HTML 500).
 */
@Path("/graphql")
public class GraphqlResource {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @Inject GraphqlEngine engine;

  @GET
  public Response get(@Context UriInfo uri, byte[] body) {
    exactPath(uri);
    return run(body);
  }

  @POST
  public Response post(
      @Context UriInfo uri, @HeaderParam("Content-Type") String contentType, byte[] body) {
    exactPath(uri);
    if (contentType == null) {
      throw MlflowException.invalidParameterValue("Bad Request. Content-Type header is missing.");
    }
    String type = contentType.split(";", 2)[0].trim();
    if (!type.equalsIgnoreCase("application/json")) {
      throw MlflowException.invalidParameterValue(
          "Bad Request. Content-Type must be one of ['application/json'].");
    }
    return run(body);
  }

  /** {@code /graphql/} is another (unknown) route, as in MLflow. */
  private static void exactPath(UriInfo uri) {
    if (uri.getPath().endsWith("/")) {
      throw new NotFoundException();
    }
  }

  @SuppressWarnings("unchecked")
  private Response run(byte[] body) {
    JsonNode request;
    try {
      request = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (java.io.IOException e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      throw MlflowException.invalidParameterValue(
          "Bad Request. The body must be a JSON object with a GraphQL \"query\".");
    }
    JsonNode query = request.get("query");
    if (query == null || !query.isTextual()) {
      throw MlflowException.invalidParameterValue(
          "Bad Request. The body must be a JSON object with a GraphQL \"query\".");
    }
    JsonNode variables = request.get("variables");
    if (variables != null && !variables.isNull() && !variables.isObject()) {
      throw MlflowException.invalidParameterValue(
          "Bad Request. \"variables\" must be a JSON object.");
    }
    JsonNode operation = request.get("operationName");
    Map<String, Object> vars =
        variables == null || variables.isNull() ? null : JSON.convertValue(variables, Map.class);
    Map<String, Object> answer =
        engine.execute(
            query.asText(),
            vars,
            operation == null || !operation.isTextual() ? null : operation.asText());
    try {
      byte[] out = (JSON.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8);
      return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
