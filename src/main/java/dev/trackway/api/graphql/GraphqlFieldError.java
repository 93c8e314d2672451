package dev.trackway.api.graphql;

/** A field that resolves to null with this message in the answer's {@code errors}. */
final class GraphqlFieldError extends RuntimeException {
  GraphqlFieldError(String message) {
    super(message, null, false, false);
  }
}
