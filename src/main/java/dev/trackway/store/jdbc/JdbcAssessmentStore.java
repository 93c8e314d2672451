package dev.trackway.store.jdbc;

import dev.trackway.domain.trace.Assessment;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TraceStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assessment part of {@link JdbcTraceStore} ({@code assessments}): feedback and expectations
 * with MLflow's rules: an override invalidates the assessment it replaces, deleting it makes that
 * one valid again, updates keep source, span, creation time and validity.
 */
interface JdbcAssessmentStore extends TraceStore, JdbcStorePart {

  @Override
  default Assessment createAssessment(Assessment a) {
    return write(
        c -> {
          TraceRows.Row trace = TraceRows.lockRow(c, db().dialect(), a.traceId());
          if (trace == null) {
            throw TraceWrites.traceNotFound(a.traceId());
          }
          if (a.overrides() != null && !a.overrides().isEmpty()) {
            int n =
                Jdbc.update(
                    c,
                    "UPDATE assessments SET valid = ? WHERE trace_id = ? AND assessment_id = ?",
                    false,
                    a.traceId(),
                    a.overrides());
            if (n == 0) {
              throw MlflowException.resourceDoesNotExist(
                  "Assessment with ID '%s' not found for trace '%s'", a.overrides(), a.traceId());
            }
          }
          try {
            Jdbc.update(
                c,
                new SqlQuery(
                    SqlDialect.insert("assessments", TraceWrites.ASSESSMENT_INSERT_COLUMNS),
                    java.util.Arrays.asList(
                        TraceWrites.assessmentRow(a, trace.experimentId(), trace.timestampMs()))));
          } catch (SQLException e) {
            if (db().dialect().isUniqueViolation(e)) {
              throw new MlflowException(
                  ErrorCode.INTERNAL_ERROR,
                  "Failed to create assessment for trace '"
                      + a.traceId()
                      + "' due to a constraint violation.");
            }
            throw e;
          }
          return load(c, a.traceId(), a.assessmentId());
        });
  }

  @Override
  default Assessment getAssessment(String traceId, String assessmentId) {
    return read(c -> load(c, traceId, assessmentId));
  }

  /** The assessment, or MLflow's not-found errors (trace first, then assessment). */
  private static Assessment load(Connection c, String traceId, String assessmentId)
      throws SQLException {
    Assessment a =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT "
                    + TraceRows.ASSESSMENT_COLUMNS
                    + " FROM assessments WHERE trace_id = ? AND assessment_id = ?",
                traceId,
                assessmentId),
            TraceRows.ASSESSMENT);
    if (a != null) {
      return a;
    }
    if (!Jdbc.exists(c, SqlQuery.of("SELECT 1 FROM trace_info WHERE request_id = ?", traceId))) {
      throw MlflowException.resourceDoesNotExist("Trace with request_id '%s' not found", traceId);
    }
    throw MlflowException.resourceDoesNotExist(
        "Assessment with ID '%s' not found for trace '%s'", assessmentId, traceId);
  }

  @Override
  default Assessment updateAssessment(
      String traceId, String assessmentId, Assessment update, List<String> fields) {
    return write(
        c -> {
          Assessment existing = load(c, traceId, assessmentId);
          boolean newFeedback = fields.contains("feedback");
          boolean newExpectation = fields.contains("expectation");
          if (newExpectation && newFeedback) {
            throw MlflowException.invalidParameterValue(
                "Cannot specify both `expectation` and `feedback` parameters.");
          }
          boolean isExpectation = existing.type().equals(Assessment.EXPECTATION);
          boolean isFeedback = existing.type().equals(Assessment.FEEDBACK);
          if (newExpectation && !isExpectation) {
            throw MlflowException.invalidParameterValue(
                "Cannot update expectation value on a Feedback assessment.");
          }
          if (newFeedback && !isFeedback) {
            throw MlflowException.invalidParameterValue(
                "Cannot update feedback value on an Expectation assessment.");
          }
          String name =
              fields.contains("assessment_name") && update.name() != null
                  ? update.name()
                  : existing.name();
          String value = existing.value();
          String error = existing.error();
          if (newExpectation || newFeedback) {
            value = update.value();
            error = newFeedback ? update.error() : null;
          }
          String rationale =
              isExpectation
                  ? null
                  : (fields.contains("rationale") && update.rationale() != null
                      ? update.rationale()
                      : existing.rationale());
          Map<String, String> metadata = null;
          Map<String, String> newMetadata = fields.contains("metadata") ? update.metadata() : null;
          boolean hasNew = newMetadata != null && !newMetadata.isEmpty();
          if ((existing.metadata() != null && !existing.metadata().isEmpty()) || hasNew) {
            metadata =
                new LinkedHashMap<>(existing.metadata() == null ? Map.of() : existing.metadata());
            if (hasNew) {
              metadata.putAll(newMetadata);
            }
          }
          long now = System.currentTimeMillis();
          Object[] agg = TraceWrites.aggregate(value);
          Jdbc.update(
              c,
              "UPDATE assessments SET name = ?, value = ?, error = ?, last_updated_timestamp = ?,"
                  + " rationale = ?, assessment_metadata = ?, aggregate_value = ?,"
                  + " is_numeric_value = ? WHERE trace_id = ? AND assessment_id = ?",
              name,
              value,
              error,
              now,
              rationale,
              TraceWrites.metadataJson(metadata),
              agg[0],
              agg[1],
              traceId,
              assessmentId);
          return load(c, traceId, assessmentId);
        });
  }

  @Override
  default void deleteAssessment(String traceId, String assessmentId) {
    write(
        c -> {
          String overrides =
              Jdbc.first(
                  c,
                  SqlQuery.of(
                      "SELECT overrides FROM assessments WHERE trace_id = ? AND assessment_id = ?",
                      traceId,
                      assessmentId),
                  rs -> rs.getString(1) == null ? "" : rs.getString(1));
          if (overrides == null) {
            return null;
          }
          if (!overrides.isEmpty()) {
            Jdbc.update(
                c, "UPDATE assessments SET valid = ? WHERE assessment_id = ?", true, overrides);
          }
          Jdbc.update(
              c,
              "DELETE FROM assessments WHERE trace_id = ? AND assessment_id = ?",
              traceId,
              assessmentId);
          return null;
        });
  }
}
