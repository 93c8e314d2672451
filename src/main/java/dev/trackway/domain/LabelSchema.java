package dev.trackway.domain;

/**
 * MLflow's label schema (a reviewer's question, {@code label_schemas.proto}). {@code type} is the
 * proto name ({@code FEEDBACK}, {@code EXPECTATION}); the input is its kind ({@code text}, {@code
 * categorical}, ...) and its settings as stored (a JSON object).
 */
public record LabelSchema(
    String schemaId,
    String experimentId,
    String name,
    String type,
    String instruction,
    boolean enableComment,
    String inputType,
    String inputConfig,
    String createdBy,
    long createdAt,
    long lastUpdatedAt,
    boolean isDefault) {}
