package dev.trackway.api.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * FastAPI's validation error ({@code 422}), which MLflow's OTLP route answers when the {@code
 * x-mlflow-experiment-id} header is missing: {@code {"detail": [{"type": "missing", "loc":
 * ["header", "..."], "msg": "Field required", "input": null}]}}.
 */
// with targets, the annotated class itself is registered only when listed: both are (it is built at
// run time and handed to Response.entity, so the build does not see it)
@RegisterForReflection(
    targets = {FastApiValidationErrorResponse.class, FastApiValidationErrorResponse.Detail.class})
public record FastApiValidationErrorResponse(List<Detail> detail) {

  /** One failed check. */
  public record Detail(
      String type,
      List<String> loc,
      String msg,
      @JsonInclude(JsonInclude.Include.ALWAYS) Object input) {}

  public static FastApiValidationErrorResponse missingHeader(String header) {
    return new FastApiValidationErrorResponse(
        List.of(new Detail("missing", List.of("header", header), "Field required", null)));
  }
}
