package dev.trackway.api;

import dev.trackway.domain.ModelIo;
import dev.trackway.service.LoggedModelService;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MLflow's LogOutputs ({@code POST /runs/outputs}): records logged models as outputs of a run
 * (shown by runs/get as {@code outputs.model_outputs}).
 */
@Path(Prefixes.V2 + "/runs/outputs")
@Produces(MediaType.APPLICATION_JSON)
public class LoggedModelOutputsResource {
  private static final String CT = "Content-Type";

  @Inject LoggedModelService service;

  @POST
  public Map<String, Object> logOutputs(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id");
    if (!req.has("models")) {
      throw Req.missing("models");
    }
    List<ModelIo> models = new ArrayList<>();
    for (Req m : req.messages("models")) {
      String modelId = m.string("model_id");
      Long step = m.int64("step");
      models.add(new ModelIo(modelId == null ? "" : modelId, step == null ? 0L : step));
    }
    service.logOutputs(runId, models);
    return Resp.empty();
  }
}
