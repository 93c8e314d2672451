package dev.trackway.artifacts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The artifact endpoints with --artifacts-destination s3://bucket/dest on s3proxy. */
@QuarkusTest
@TestProfile(ArtifactTestResources.S3.class)
class ArtifactApiS3Test extends AbstractArtifactApiTest {
  @Override
  protected boolean isS3() {
    return true;
  }
}
