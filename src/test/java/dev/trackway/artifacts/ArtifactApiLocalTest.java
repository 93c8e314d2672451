package dev.trackway.artifacts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The artifact endpoints with a local --artifacts-destination. */
@QuarkusTest
@TestProfile(ArtifactTestResources.Local.class)
class ArtifactApiLocalTest extends AbstractArtifactApiTest {
  @Override
  protected boolean isS3() {
    return false;
  }
}
