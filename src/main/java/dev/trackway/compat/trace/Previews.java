package dev.trackway.compat.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.compat.PyJsonText;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's request/response previews ({@code _get_truncated_preview}): from a span's inputs or
 * outputs (JSON text), the text of the last chat message of the given role when the value holds
 * chat messages (OpenAI chat, Responses API, ResponsesAgent shapes), else the JSON text itself; NUL
 * characters replaced, cut to 1000 characters ({@code ...} marking the cut).
 */
public final class Previews {
  public static final int MAX_LENGTH = 1000;

  private Previews() {}

  /** Thrown where MLflow's preview code raises (a text part whose text is not a string). */
  public static final class PreviewFailure extends Exception {
    PreviewFailure() {
      super("no message");
    }
  }

  /** The preview of {@code jsonText} for {@code role} ({@code user} or {@code assistant}). */
  public static String preview(String jsonText, String role) throws PreviewFailure {
    if (jsonText == null) {
      return null;
    }
    String content = null;
    JsonNode obj = PyJsonText.tryLoads(jsonText);
    if (obj != null) {
      List<JsonNode> messages = extractMessages(obj);
      if (messages != null && !messages.isEmpty()) {
        content = textContent(lastMessage(messages, role));
      }
    }
    String text = content == null || content.isEmpty() ? jsonText : content;
    text = text.replace('\u0000', '\ufffd');
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }

  /** A value shorter than MLflow's preview column: NUL replaced, cut to 1000 characters. */
  public static String clip(String preview) {
    if (preview == null) {
      return null;
    }
    String text = preview.replace('\u0000', '\ufffd');
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
  }

  /** MLflow's {@code _try_extract_messages}; null when the value holds no message list. */
  static List<JsonNode> extractMessages(JsonNode obj) {
    if (obj == null || !obj.isObject()) {
      return null;
    }
    JsonNode messages = obj.get("messages");
    if (nonEmptyList(messages)) {
      return onlyMessages(messages);
    }
    JsonNode choices = obj.get("choices");
    if (nonEmptyList(choices) && choices.get(0).isObject()) {
      JsonNode msg = choices.get(0).get("message");
      if (msg != null && truthy(msg) && isMessage(msg)) {
        return List.of(msg);
      }
    }
    JsonNode input = obj.get("input");
    if (nonEmptyList(input)) {
      return onlyMessages(input);
    }
    JsonNode output = obj.get("output");
    if (nonEmptyList(output)) {
      return onlyMessages(output);
    }
    if (obj.has("request")) {
      return extractMessages(obj.get("request"));
    }
    return null;
  }

  private static boolean nonEmptyList(JsonNode n) {
    return n != null && n.isArray() && n.size() > 0;
  }

  private static List<JsonNode> onlyMessages(JsonNode list) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode item : list) {
      if (isMessage(item)) {
        out.add(item);
      }
    }
    return out;
  }

  private static boolean isMessage(JsonNode item) {
    return item.isObject() && item.has("role") && item.has("content");
  }

  private static JsonNode lastMessage(List<JsonNode> messages, String role) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode r = messages.get(i).get("role");
      if (r != null && r.isTextual() && r.textValue().equals(role)) {
        return messages.get(i);
      }
    }
    return messages.get(messages.size() - 1);
  }

  /** MLflow's {@code _get_text_content_from_message}; null stands for Python's None. */
  private static String textContent(JsonNode message) throws PreviewFailure {
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      for (JsonNode part : content) {
        if (part.isTextual()) {
          return part.textValue();
        }
        if (part.isObject()) {
          JsonNode type = part.get("type");
          if (type != null
              && type.isTextual()
              && (type.textValue().equals("text") || type.textValue().equals("output_text"))) {
            JsonNode text = part.get("text");
            if (text == null || text.isNull()) {
              return null;
            }
            if (!text.isTextual()) {
              if (!truthy(text)) {
                return null;
              }
              throw new PreviewFailure();
            }
            return text.textValue();
          }
        }
      }
      return null;
    }
    if (content != null && content.isTextual()) {
      return content.textValue();
    }
    return "";
  }

  private static boolean truthy(JsonNode n) {
    if (n.isNull()) {
      return false;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.doubleValue() != 0;
    }
    if (n.isTextual()) {
      return !n.textValue().isEmpty();
    }
    return n.size() > 0;
  }
}
