package dev.trackway.api;

import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
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
 * MLflow's model-version RPCs ({@code ModelRegistryService}: CreateModelVersion ...
 * SearchModelVersions, tags, TransitionModelVersionStage, GetModelVersionDownloadUri).
 */
@Path(Prefixes.V2 + "/model-versions")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryModelVersionsResource {
  private static final String CT = "Content-Type";

  @Inject ModelRegistryService service;

  @POST
  @Path("/create")
  public Map<String, Object> createModelVersion(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String source = req.requiredString("source");
    String runId = req.string("run_id");
    var tags = ModelRegistryResource.tags(req);
    String runLink = req.string("run_link");
    String description = req.string("description");
    String modelId = req.string("model_id");
    ModelVersion mv =
        service.createModelVersion(
            name,
            source,
            runId == null ? "" : runId,
            req.has("run_id"),
            tags,
            runLink == null ? "" : runLink,
            description == null ? "" : description,
            modelId == null ? "" : modelId,
            req.has("model_id"));
    return Resp.of("model_version", mv);
  }

  @GET
  @Path("/get")
  public Map<String, Object> getModelVersion(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    return Resp.of("model_version", service.getModelVersion(name, version));
  }

  @PATCH
  @Path("/update")
  public Map<String, Object> updateModelVersion(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("PATCH", ct, body);
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    // as MLflow: no description in the request clears it
    String description = req.has("description") ? req.string("description") : null;
    return Resp.of("model_version", service.updateModelVersion(name, version, description));
  }

  @POST
  @Path("/transition-stage")
  public Map<String, Object> transitionModelVersionStage(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    String stage = req.requiredString("stage");
    Boolean archive = req.bool("archive_existing_versions");
    return Resp.of(
        "model_version",
        service.transitionModelVersionStage(name, version, stage, archive != null && archive));
  }

  @DELETE
  @Path("/delete")
  public Map<String, Object> deleteModelVersion(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("DELETE", ct, body);
    String name = req.requiredString("name");
    service.deleteModelVersion(name, req.requiredString("version"));
    return Resp.empty();
  }

  @GET
  @Path("/get-download-uri")
  public Map<String, Object> getModelVersionDownloadUri(@Context UriInfo uri) {
    // MLflow's handler has no required-field checks here: the store's checks answer
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String name = req.string("name");
    String version = req.string("version");
    return Resp.of(
        "artifact_uri",
        service.getModelVersionDownloadUri(
            name == null ? "" : name, version == null ? "" : version));
  }

  @GET
  @Path("/search")
  public Map<String, Object> searchModelVersions(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of("order_by"));
    String filter = req.string("filter");
    Long max =
        ModelRegistryResource.maxResults(req, ModelRegistryService.SEARCH_MODEL_VERSIONS_MAX);
    List<String> orderBy = req.strings("order_by");
    String pageToken = req.string("page_token");
    Page<ModelVersion> page =
        service.searchModelVersions(
            filter, max, orderBy, pageToken == null || pageToken.isEmpty() ? null : pageToken);
    return Resp.of("model_versions", page.items(), "next_page_token", page.nextPageToken());
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setModelVersionTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    String key = req.requiredString("key");
    String value = req.string("value");
    service.setModelVersionTag(name, version, key, value == null ? "" : value);
    return Resp.empty();
  }

  @DELETE
  @Path("/delete-tag")
  public Map<String, Object> deleteModelVersionTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("DELETE", ct, body);
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    service.deleteModelVersionTag(name, version, req.requiredString("key"));
    return Resp.empty();
  }
}
