package dev.trackway.service.auth;

/**
 * Who makes the current request. Implemented by the HTTP edge, which authenticates every request
 * before it reaches a resource; null when access control is off or outside a request.
 */
public interface CallerContext {
  Caller current();
}
