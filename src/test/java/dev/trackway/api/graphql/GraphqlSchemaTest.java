package dev.trackway.api.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Trackway's GraphQL schema is MLflow's: the schema the installed mlflow package (the compat-tests
 * venv, {@code compat-tests/.venv}, or the Python in {@code TRACKWAY_MLFLOW_PYTHON}) prints at test
 * time, and the one {@link GraphqlSchemaFactory} builds, printed the same way, are equal.
 * graphql-java's built-in directives ({@code @include}, {@code @skip}, ...) are left out: MLflow's
 * schema declares {@code @component} only, and graphql-java always adds its own.
 */
class GraphqlSchemaTest {
  static final String PRINT_MLFLOW_SCHEMA =
      "from mlflow.server.graphql.graphql_schema_extensions import schema; print(schema)";

  static String print(GraphQLSchema schema) {
    return new SchemaPrinter(
            SchemaPrinter.Options.defaultOptions()
                .includeScalarTypes(true)
                .includeSchemaDefinition(true)
                .includeIntrospectionTypes(false)
                .includeDirectiveDefinition(name -> name.equals("component"))
                .includeDirectives(name -> name.equals("component")))
        .print(schema);
  }

  static Path python() {
    String configured = System.getenv("TRACKWAY_MLFLOW_PYTHON");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.dir"), "compat-tests", ".venv", "bin", "python");
  }

  static String mlflowSchema() throws IOException, InterruptedException {
    Path python = python();
    assumeTrue(Files.isExecutable(python), "no mlflow venv at " + python);
    Process p =
        new ProcessBuilder(python.toString(), "-c", PRINT_MLFLOW_SCHEMA)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "mlflow not importable");
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void sameSchemaAsMlflow() throws Exception {
    GraphQLSchema mlflow =
        UnExecutableSchemaGenerator.makeUnExecutableSchema(
            new SchemaParser().parse(mlflowSchema()));
    GraphQLSchema ours = GraphqlSchemaFactory.build(new GraphqlResolvers());
    assertEquals(print(mlflow), print(ours));
  }
}
