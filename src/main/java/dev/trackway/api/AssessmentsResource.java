package dev.trackway.api;

import dev.trackway.api.response.CreateAssessmentResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetAssessmentResponse;
import dev.trackway.api.response.UpdateAssessmentResponse;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.service.TracingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's assessment RPCs (feedback, expectations): CreateAssessment, GetAssessment,
 * UpdateAssessment, DeleteAssessment.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AssessmentsResource {
  /** The update_mask paths UpdateAssessment applies (others are ignored, as in MLflow). */
  static final List<String> UPDATABLE =
      List.of("assessment_name", "expectation", "feedback", "rationale", "metadata");

  @Inject TracingService service;

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/{trace_id}/assessments")
  public CreateAssessmentResponse createAssessment(@PathParam("trace_id") String traceId, Req req) {
    Req a = req.message("assessment");
    if (a == null) {
      throw Req.missing("assessment");
    }
    Assessment created = service.createAssessment(TraceMessages.assessment(a, traceId));
    return new CreateAssessmentResponse(TraceMessages.assessment(created));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}")
  public GetAssessmentResponse getAssessment(
      @PathParam("trace_id") String traceId, @PathParam("assessment_id") String assessmentId) {
    return new GetAssessmentResponse(
        TraceMessages.assessment(service.getAssessment(traceId, assessmentId)));
  }

  /**
   * UpdateAssessment. The update mask is protobuf's FieldMask JSON: a comma-separated string of
   * lowerCamelCase paths (a list of paths is accepted too). Deliberate difference: the path {@code
   * valid}, which makes MLflow's server fail with an HTML 500 page, is ignored like any other path
   * the update does not apply.
   */
  @PATCH
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}")
  public UpdateAssessmentResponse updateAssessment(
      @PathParam("trace_id") String traceId,
      @PathParam("assessment_id") String assessmentId,
      Req req) {
    Req a = req.message("assessment");
    if (a == null) {
      throw Req.missing("assessment");
    }
    var mask = req.field("update_mask");
    if (mask == null || mask.isNull() || (mask.isTextual() && mask.textValue().isEmpty())) {
      throw Req.missing("update_mask");
    }
    List<String> fields = maskPaths(mask);
    Assessment update =
        new Assessment(
            null,
            traceId,
            a.stringOrEmpty("assessment_name"),
            null,
            null,
            null,
            0,
            0,
            null,
            null,
            null,
            null,
            a.stringOrEmpty("rationale"),
            null,
            true,
            TraceMessages.stringMap(a.field("metadata")));
    if (fields.contains("feedback") || fields.contains("expectation")) {
      Assessment parsed = valueOf(a, fields.contains("feedback"), traceId);
      update =
          new Assessment(
              null,
              traceId,
              update.name(),
              parsed.type(),
              parsed.value(),
              parsed.error(),
              0,
              0,
              null,
              null,
              null,
              null,
              update.rationale(),
              null,
              true,
              update.metadata());
    }
    Assessment updated = service.updateAssessment(traceId, assessmentId, update, fields);
    return new UpdateAssessmentResponse(TraceMessages.assessment(updated));
  }

  /** The feedback or expectation value of an update request (a missing one is null). */
  private static Assessment valueOf(Req a, boolean feedback, String traceId) {
    var node = a.raw().deepCopy();
    var obj = (com.fasterxml.jackson.databind.node.ObjectNode) node;
    String keep = feedback ? "feedback" : "expectation";
    obj.remove(
        List.of("feedback", "expectation", "issue").stream().filter(k -> !k.equals(keep)).toList());
    if (!obj.has(keep) || obj.get(keep).isNull()) {
      obj.putObject(keep);
    }
    return TraceMessages.assessment(Req.of(obj), traceId);
  }

  /** FieldMask paths in proto (snake_case) form. */
  static List<String> maskPaths(com.fasterxml.jackson.databind.JsonNode mask) {
    List<String> raw = new ArrayList<>();
    if (mask.isTextual()) {
      for (String p : mask.textValue().split(",")) {
        raw.add(p.strip());
      }
    } else if (mask.isObject() && mask.has("paths")) {
      mask.get("paths").forEach(p -> raw.add(p.asText()));
    } else if (mask.isArray()) {
      mask.forEach(p -> raw.add(p.asText()));
    }
    List<String> out = new ArrayList<>();
    for (String p : raw) {
      StringBuilder sb = new StringBuilder();
      for (char ch : p.toCharArray()) {
        if (Character.isUpperCase(ch)) {
          sb.append('_').append(Character.toLowerCase(ch));
        } else {
          sb.append(ch);
        }
      }
      if (UPDATABLE.contains(sb.toString())) {
        out.add(sb.toString());
      }
    }
    return out;
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/{trace_id}/assessments/{assessment_id}")
  public EmptyResponse deleteAssessment(
      @PathParam("trace_id") String traceId, @PathParam("assessment_id") String assessmentId) {
    service.deleteAssessment(traceId, assessmentId);
    return EmptyResponse.INSTANCE;
  }
}
