package dev.trackway.error;

/**
 * MLflow's error codes (the names travel on the wire as {@code error_code}) with the HTTP status
 * MLflow's server answers for each. Codes not listed in MLflow's status table answer 500.
 */
public enum ErrorCode {
  INTERNAL_ERROR(500),
  TEMPORARILY_UNAVAILABLE(503),
  IO_ERROR(500),
  BAD_REQUEST(400),
  DEADLINE_EXCEEDED(504),
  CANCELLED(499),
  RESOURCE_EXHAUSTED(429),
  ABORTED(409),
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  UNAUTHENTICATED(401),
  INVALID_PARAMETER_VALUE(400),
  ENDPOINT_NOT_FOUND(404),
  MALFORMED_REQUEST(500),
  INVALID_STATE(500),
  PERMISSION_DENIED(403),
  FEATURE_DISABLED(500),
  CUSTOMER_UNAUTHORIZED(401),
  REQUEST_LIMIT_EXCEEDED(429),
  RESOURCE_CONFLICT(409),
  NOT_IMPLEMENTED(501),
  DATA_LOSS(500),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The {@code error_class} MLflow (3.11+) derives from the code, or null where it derives none;
   * MLflow's server sends it, with {@link #sqlstate()}, beside error_code and message.
   */
  public String errorClass() {
    return switch (this) {
      case BAD_REQUEST, INVALID_PARAMETER_VALUE -> "INVALID_PARAMETER_VALUE";
      case CUSTOMER_UNAUTHORIZED, PERMISSION_DENIED -> "PERMISSION_DENIED";
      case ENDPOINT_NOT_FOUND, NOT_FOUND, RESOURCE_DOES_NOT_EXIST -> "RESOURCE_NOT_FOUND";
      case FEATURE_DISABLED -> "FEATURE_DISABLED";
      case INTERNAL_ERROR, INVALID_STATE, TEMPORARILY_UNAVAILABLE -> "CLIENT_INTERNAL_ERROR";
      case RESOURCE_ALREADY_EXISTS -> "RESOURCE_ALREADY_EXISTS";
      default -> null;
    };
  }

  /** The {@code sqlstate} MLflow derives from the code, or null. */
  public String sqlstate() {
    String errorClass = errorClass();
    if (errorClass == null) {
      return null;
    }
    return errorClass.equals("CLIENT_INTERNAL_ERROR") ? "XXM00" : "KAM00";
  }
}
