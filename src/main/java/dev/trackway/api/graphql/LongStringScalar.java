package dev.trackway.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Locale;

/**
 * MLflow's {@code LongString}: int64 values leave the server as JSON strings ({@code
 * "1795963152552"}), which JavaScript cannot round; inputs may be integers or numeric strings.
 */
final class LongStringScalar {
  private LongStringScalar() {}

  static final GraphQLScalarType TYPE =
      GraphQLScalarType.newScalar()
          .name("LongString")
          .description(GraphqlSchemaFactory.LONG_STRING_DESCRIPTION)
          .coercing(new LongCoercing())
          .build();

  private static final class LongCoercing implements Coercing<Long, String> {
    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
      if (value instanceof Number || value instanceof String) {
        return value.toString();
      }
      throw new CoercingSerializeException("LongString cannot represent " + value);
    }

    @Override
    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
      try {
        if (input instanceof Number n) {
          return new BigInteger(n.toString()).longValueExact();
        }
        if (input instanceof String s) {
          return Long.parseLong(s.trim());
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through
      }
      throw new CoercingParseValueException("LongString cannot represent " + input);
    }

    @Override
    public Long parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      try {
        if (input instanceof IntValue i) {
          return i.getValue().longValueExact();
        }
        if (input instanceof StringValue s) {
          return Long.parseLong(s.getValue().trim());
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // falls through
      }
      throw new CoercingParseLiteralException("LongString cannot represent " + input);
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
      return StringValue.of(String.valueOf(input));
    }
  }
}
