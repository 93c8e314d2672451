package dev.trackway.api.ui;

/** The messages of Trackway's 404 and 405 answers (MLflow's error JSON, Werkzeug's wording). */
public final class UiErrors {
  private UiErrors() {}

  public static final String NOT_FOUND = "The requested endpoint was not found on this server.";
  public static final String METHOD_NOT_ALLOWED =
      "The method is not allowed for the requested URL.";
}
