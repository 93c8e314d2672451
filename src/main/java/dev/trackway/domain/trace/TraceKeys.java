package dev.trackway.domain.trace;

import java.util.List;

/** Trace tag and metadata keys MLflow gives meaning to, and the analytics columns of a trace. */
public final class TraceKeys {
  private TraceKeys() {}

  /** Tag: the trace name, kept in {@code trace_info.trace_name}. */
  public static final String TRACE_NAME = "mlflow.traceName";

  /** Metadata: the session, kept in {@code trace_info.session_id}. */
  public static final String SESSION = "mlflow.trace.session";

  /** Metadata: token usage (JSON), kept in the token columns of {@code trace_info}. */
  public static final String TOKEN_USAGE = "mlflow.trace.tokenUsage";

  /** Metadata: cost (JSON), kept in the cost columns of {@code trace_info}. */
  public static final String COST = "mlflow.trace.cost";

  /** Tag: where the spans are; {@link #TRACKING_STORE} when the database has them. */
  public static final String SPANS_LOCATION = "mlflow.trace.spansLocation";

  public static final String TRACKING_STORE = "TRACKING_STORE";

  /** Tag: the trace's artifact directory. */
  public static final String ARTIFACT_LOCATION = "mlflow.artifactLocation";

  /** The keys of {@link #TOKEN_USAGE}, which are also the token columns of {@code trace_info}. */
  public static final List<String> TOKEN_COLUMNS =
      List.of(
          "input_tokens",
          "output_tokens",
          "total_tokens",
          "cache_read_input_tokens",
          "cache_creation_input_tokens",
          "cache_creation_input_tokens_above_1hr");

  /** The keys of {@link #COST}, which are also the cost columns of {@code trace_info}. */
  public static final List<String> COST_COLUMNS =
      List.of("input_cost", "output_cost", "total_cost");
}
