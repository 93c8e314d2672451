package dev.trackway.api.response;

/**
 * The response of every MLflow RPC whose response message has no fields ({@code
 * DeleteExperiment.Response}, {@code LogBatch.Response}, ...): {@code {}} on the wire.
 */
public record EmptyResponse() {
  public static final EmptyResponse INSTANCE = new EmptyResponse();
}
