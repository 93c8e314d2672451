package dev.trackway.store;

import java.util.Optional;

/**
 * The few facts about tracked resources that permission checks need, read from the tracking
 * database in one cheap query each: which experiment a run, logged model or trace belongs to, and
 * how a registered model is stored (spelling, prompt or not).
 */
public interface AccessLookup {

  /** A registered model as stored: its exact name and whether it is tagged as a prompt. */
  record RegistryEntry(String name, boolean prompt) {}

  Optional<String> runExperiment(String runId);

  Optional<String> loggedModelExperiment(String modelId);

  /** By {@code request_id} (the trace id of v3). */
  Optional<String> traceExperiment(String traceId);

  /** Matched as the registry matches names (case-insensitively on MySQL, as in MLflow). */
  Optional<RegistryEntry> registeredModel(String name);
}
