package dev.trackway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReadinessServiceTest {
  @Test
  void destinationsAreShownWithoutUserInfo() {
    assertEquals("s3://bucket/p", ReadinessService.withoutUserInfo("s3://key:secret@bucket/p"));
    assertEquals("s3://bucket/p", ReadinessService.withoutUserInfo("s3://bucket/p"));
    assertEquals("./mlartifacts", ReadinessService.withoutUserInfo("./mlartifacts"));
  }
}
