package dev.trackway.api.graphql;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.MlflowException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs GraphQL documents the way MLflow's {@code /graphql} does: the document's limits first
 * ({@link GraphqlLimits}), then graphql-java on the schema of {@link GraphqlSchemaFactory}. The
 * answer is {@code {"data": ..., "errors": null | ["message", ...]}}: errors are plain strings, a
 * resolver's error carries the service's own message (MLflow's), and nulls only its field.
 */
@ApplicationScoped
public class GraphqlEngine {
  private static final Logger LOG = Logger.getLogger(GraphqlEngine.class);
  private static final Pattern VALIDATION_PREFIX =
      Pattern.compile("^Validation error \\([^)]*\\) : ");
  private static final Pattern FIELD_UNDEFINED =
      Pattern.compile("^Field '([^']*)' in type '([^']*)' is undefined$");

  @Inject GraphqlResolvers resolvers;
  @Inject TrackwayConfig config;

  private volatile GraphQL graphql;

  /** The executable schema. */
  public GraphQLSchema schema() {
    return engine().getGraphQLSchema();
  }

  private GraphQL engine() {
    GraphQL g = graphql;
    if (g == null) {
      synchronized (this) {
        if (graphql == null) {
          graphql =
              GraphQL.newGraphQL(GraphqlSchemaFactory.build(resolvers))
                  .defaultDataFetcherExceptionHandler(new MlflowErrors())
                  .build();
        }
        g = graphql;
      }
    }
    return g;
  }

  /**
   * Parses, checks and runs a document.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE for a document that does not parse
   */
  public Map<String, Object> execute(
      String query, Map<String, Object> variables, String operationName) {
    Document doc;
    try {
      doc = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      throw MlflowException.invalidParameterValue("GraphQL syntax error: %s", e.getMessage());
    }
    String limit =
        GraphqlLimits.check(
            doc, config.serverGraphqlMaxRootFields(), config.serverGraphqlMaxAliases());
    if (limit != null) {
      return answer(null, List.of(limit));
    }
    ExecutionInput.Builder in = ExecutionInput.newExecutionInput().query(query);
    if (variables != null) {
      in.variables(variables);
    }
    if (operationName != null) {
      in.operationName(operationName);
    }
    ExecutionResult result = engine().execute(in.build());
    List<String> errors = new ArrayList<>();
    for (GraphQLError e : result.getErrors()) {
      errors.add(message(e));
    }
    return answer(result.getData(), errors);
  }

  static Map<String, Object> answer(Object data, List<String> errors) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", data);
    out.put("errors", errors.isEmpty() ? null : errors);
    return out;
  }

  /** graphql-java's words for validation errors, without its prefix (some as MLflow's). */
  static String message(GraphQLError e) {
    String message = e.getMessage();
    if (e instanceof ValidationError && message != null) {
      message = VALIDATION_PREFIX.matcher(message).replaceFirst("");
      Matcher m = FIELD_UNDEFINED.matcher(message);
      if (m.matches()) {
        return "Cannot query field '" + m.group(1) + "' on type '" + m.group(2) + "'.";
      }
    }
    return message;
  }

  /** A resolver's exception as an error carrying its message (not graphql-java's wrapping). */
  static final class MlflowErrors implements DataFetcherExceptionHandler {
    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
        DataFetcherExceptionHandlerParameters p) {
      Throwable t = p.getException();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      String message;
      if (t instanceof MlflowException || t instanceof GraphqlFieldError) {
        message = t.getMessage();
        if (t instanceof MlflowException m && m.code().httpStatus() >= 500) {
          LOG.errorf(t, "GraphQL field %s failed", p.getPath());
        }
      } else {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        LOG.errorf(t, "Unexpected error in GraphQL field %s (id %s)", p.getPath(), id);
        message = "Internal server error. It has been logged with id " + id + ".";
      }
      GraphQLError error =
          GraphqlErrorBuilder.newError()
              .message("%s", message)
              .path(p.getPath())
              .location(p.getSourceLocation())
              .build();
      return CompletableFuture.completedFuture(
          DataFetcherExceptionHandlerResult.newResult(error).build());
    }
  }
}
