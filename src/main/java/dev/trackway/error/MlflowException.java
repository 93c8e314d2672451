package dev.trackway.error;

/** The one exception type of the server: an MLflow error code and MLflow's message wording. */
public class MlflowException extends RuntimeException {
  private final ErrorCode code;

  public MlflowException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public MlflowException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static MlflowException invalidParameterValue(String format, Object... args) {
    return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, fmt(format, args));
  }

  public static MlflowException resourceDoesNotExist(String format, Object... args) {
    return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, fmt(format, args));
  }

  public static MlflowException resourceAlreadyExists(String format, Object... args) {
    return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, fmt(format, args));
  }

  public static MlflowException notImplemented(String format, Object... args) {
    return new MlflowException(ErrorCode.NOT_IMPLEMENTED, fmt(format, args));
  }

  public static MlflowException internalError(String format, Object... args) {
    return new MlflowException(ErrorCode.INTERNAL_ERROR, fmt(format, args));
  }

  private static String fmt(String format, Object... args) {
    return args.length == 0 ? format : String.format(format, args);
  }
}
