package dev.trackway.compat;

/** URI helpers of MLflow's {@code mlflow.utils.uri}, with its exact behaviour. */
public final class MlflowUris {
  private MlflowUris() {}

  /** MLflow's {@code append_to_uri_path}: joins with exactly one slash. */
  public static String appendToUri(String base, String... parts) {
    StringBuilder sb = new StringBuilder(base);
    for (String part : parts) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
