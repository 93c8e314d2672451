package dev.trackway.domain.auth;

/**
 * Which registered models (or model versions) a search may return: those tagged as prompts by
 * {@code prompts}, the others by {@code models} (names compared exactly). A version is classified
 * by its own tags, as MLflow classifies it.
 */
public record RegistryScope(ReadScope models, ReadScope prompts) {
  public static final RegistryScope ALL = new RegistryScope(ReadScope.ALL, ReadScope.ALL);

  public boolean isAll() {
    return models.isAll() && prompts.isAll();
  }
}
