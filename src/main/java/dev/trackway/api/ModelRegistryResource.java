package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.service.ModelRegistryService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's registered-model RPCs ({@code ModelRegistryService}: CreateRegisteredModel ...
 * SearchRegisteredModels, tags, aliases, GetLatestVersions). Deletes carry their parameters in a
 * JSON body, as MLflow's client sends them.
 */
@Path(Prefixes.V2 + "/registered-models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelRegistryResource {
  private static final String CT = "Content-Type";

  @Inject ModelRegistryService service;

  @POST
  @Path("/create")
  public Map<String, Object> createRegisteredModel(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    List<KeyValue> tags = tags(req);
    String description = req.string("description");
    return Resp.of(
        "registered_model",
        service.createRegisteredModel(name, tags, description == null ? "" : description));
  }

  @GET
  @Path("/get")
  public Map<String, Object> getRegisteredModel(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    return Resp.of("registered_model", service.getRegisteredModel(req.requiredString("name")));
  }

  @PATCH
  @Path("/update")
  public Map<String, Object> updateRegisteredModel(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("PATCH", ct, body);
    String name = req.requiredString("name");
    String description = req.string("description");
    return Resp.of(
        "registered_model",
        service.updateRegisteredModel(name, description == null ? "" : description));
  }

  @POST
  @Path("/rename")
  public Map<String, Object> renameRegisteredModel(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String newName = req.requiredString("new_name");
    return Resp.of("registered_model", service.renameRegisteredModel(name, newName));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> deleteRegisteredModel(@HeaderParam(CT) String ct, String body) {
    service.deleteRegisteredModel(Req.body("DELETE", ct, body).requiredString("name"));
    return Resp.empty();
  }

  @GET
  @Path("/search")
  public Map<String, Object> searchRegisteredModels(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of("order_by"));
    String filter = req.string("filter");
    Long max = maxResults(req, ModelRegistryService.SEARCH_REGISTERED_MODELS_MAX);
    List<String> orderBy = req.strings("order_by");
    String pageToken = req.string("page_token");
    Page<RegisteredModel> page =
        service.searchRegisteredModels(
            filter, max, orderBy, pageToken == null || pageToken.isEmpty() ? null : pageToken);
    return Resp.of("registered_models", page.items(), "next_page_token", page.nextPageToken());
  }

  @POST
  @Path("/get-latest-versions")
  public Map<String, Object> getLatestVersionsPost(@HeaderParam(CT) String ct, String body) {
    return latestVersions(Req.body("POST", ct, body));
  }

  @GET
  @Path("/get-latest-versions")
  public Map<String, Object> getLatestVersionsGet(@Context UriInfo uri) {
    return latestVersions(Req.query(uri.getQueryParameters(), Set.of("stages")));
  }

  private Map<String, Object> latestVersions(Req req) {
    String name = req.requiredString("name");
    List<String> stages = req.strings("stages");
    return Resp.of("model_versions", service.getLatestVersions(name, stages));
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setRegisteredModelTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String key = req.requiredString("key");
    String value = req.string("value");
    service.setRegisteredModelTag(name, key, value == null ? "" : value);
    return Resp.empty();
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteRegisteredModelTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("DELETE", ct, body);
    String name = req.requiredString("name");
    service.deleteRegisteredModelTag(name, req.requiredString("key"));
    return Resp.empty();
  }

  @POST
  @Path("/alias")
  public Map<String, Object> setRegisteredModelAlias(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String alias = req.requiredString("alias");
    String version = req.requiredString("version");
    service.setRegisteredModelAlias(name, alias, version);
    return Resp.empty();
  }

  @DELETE
  @Path("/alias")
  public Map<String, Object> deleteRegisteredModelAlias(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("DELETE", ct, body);
    String name = req.requiredString("name");
    service.deleteRegisteredModelAlias(name, req.requiredString("alias"));
    return Resp.empty();
  }

  @GET
  @Path("/alias")
  public Map<String, Object> getModelVersionByAlias(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String name = req.requiredString("name");
    String alias = req.requiredString("alias");
    return Resp.of("model_version", service.getModelVersionByAlias(name, alias));
  }

  /** Registry tags: {key, value} messages (an absent key or value is the empty string). */
  static List<KeyValue> tags(Req req) {
    return req.messages("tags").stream()
        .map(t -> new KeyValue(orEmpty(t.string("key")), orEmpty(t.string("value"))))
        .toList();
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * max_results as MLflow's handler checks it: an integer no larger than {@code limit}, else the
   * generic "Invalid value ..." message quoting the value as sent.
   */
  static Long maxResults(Req req, long limit) {
    Long max = req.int64("max_results");
    if (max != null && max > limit) {
      JsonNode raw = req.field("max_results");
      throw Req.typeError("max_results", raw);
    }
    return max;
  }
}
