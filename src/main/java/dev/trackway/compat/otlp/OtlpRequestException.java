package dev.trackway.compat.otlp;

/**
 * An OTLP export request MLflow's FastAPI route refuses: the HTTP status and FastAPI's {@code
 * detail} text (MLflow answers {@code {"detail": "..."}} for these).
 */
public class OtlpRequestException extends RuntimeException {
  private final int status;

  public OtlpRequestException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }
}
