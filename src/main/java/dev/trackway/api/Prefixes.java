package dev.trackway.api;

/** Every RPC answers under both MLflow prefixes: /api (clients) and /ajax-api (the web UI). */
public final class Prefixes {
  private Prefixes() {}

  public static final String V2 = "/{prefix: api|ajax-api}/2.0/mlflow";
}
