package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides the access rule of the current request that was left for the resource call (one that
 * reads the JSON body), given that body. Implemented by access control; does nothing when it is off
 * or the rule was decided before.
 */
public interface RequestGuard {
  /**
   * @param body the decoded JSON body (an empty object when there is none)
   * @throws RuntimeException the refusal to send instead of calling the method
   */
  void check(JsonNode body);
}
