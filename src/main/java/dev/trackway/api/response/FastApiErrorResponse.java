package dev.trackway.api.response;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * FastAPI's error body, {@code {"detail": "..."}}, which MLflow's streaming artifact routes send.
 * It travels inside a Response, so it is registered for reflection explicitly (the native image
 * knows only the resource methods' return types).
 */
@RegisterForReflection
public record FastApiErrorResponse(String detail) {}
