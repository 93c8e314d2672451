package dev.trackway.service;

import dev.trackway.artifacts.repositories.ArtifactRepositories;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.store.SchemaProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;

/** What readiness checks ask of the stores: a database round trip and a usable artifact store. */
@ApplicationScoped
public class ReadinessService {
  @Inject SchemaProbe schema;
  @Inject ArtifactRepositories repositories;
  @Inject TrackwayConfig config;

  /** The schema revision, read within the timeout; throws when the database does not answer. */
  public String databaseRevision(int timeoutSeconds) {
    return schema.schemaRevision(timeoutSeconds);
  }

  public String databaseVendor() {
    return schema.vendor();
  }

  /** The artifact destination as configured, user-info removed. */
  public String artifactDestination() {
    return withoutUserInfo(config.artifactsDestinationUri());
  }

  /** A URI without its user-info ({@code s3://key:secret@bucket/p} is {@code s3://bucket/p}). */
  static String withoutUserInfo(String uri) {
    return uri.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  /**
   * Checks the artifact destination and says what was checked; empty when the server does not serve
   * artifacts (it never touches the destination then). Throws what failed.
   */
  public Optional<String> checkArtifactStore() throws IOException {
    if (!config.serveArtifacts()) {
      return Optional.empty();
    }
    return Optional.of(repositories.destination().checkAvailable());
  }
}
