package dev.tributary.console.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.console.experiments.ExperimentResultEndpoint;
import dev.tributary.console.query.ConsoleEndpoints.Answered;
import dev.tributary.experiments.report.ReportJson;
import dev.tributary.console.query.ConsoleQuery;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.console.query.SqlParam;
import dev.tributary.console.warehouse.QueryResult;
import java.util.List;

/**
 * The bodies the console answers with: an endpoint's data with the exact SQL behind it (JSON), the
 * same rows as CSV (RFC 4180), and the error bodies in the ingest service's shape
 * ({@code success}, {@code error}, {@code message}, and {@code field}/{@code rule} for a bad parameter).
 *
 * <p>Pure; thread-safe (Jackson's mapper is thread-safe once configured).
 */
public final class AnswerBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AnswerBodies() {}

  /**
   * {@code {"query": {"name", "sql", "template", "params"}, "columns", "rows", "elapsed_ms", "as_of_ms"}}:
   * {@code sql} is the query with its parameters written in, runnable as it stands.
   */
  public static String json(Answered answered, long asOfMillis) {
    ObjectNode body = JSON.createObjectNode();
    body.set("query", query(answered.query()));
    QueryResult result = answered.result();
    ArrayNode columns = body.putArray("columns");
    result.columns().forEach(columns::add);
    ArrayNode rows = body.putArray("rows");
    for (List<Object> row : result.rows()) {
      ArrayNode out = rows.addArray();
      row.forEach(v -> out.add(JSON.valueToTree(v)));
    }
    body.put("elapsed_ms", result.elapsedMillis());
    body.put("as_of_ms", asOfMillis);
    return write(body);
  }

  /**
   * {@code {"queries": [{"name", "sql", "template", "params"}, …], "report": {…}, "elapsed_ms", "as_of_ms"}}: the
   * report is the experiments module's JSON ({@link ReportJson}, as {@code bin/tributary experiment report --json}
   * prints it); the queries are those that read its rows, sums first.
   */
  public static String experimentResult(ExperimentResultEndpoint.Answer answer, long asOfMillis) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode queries = body.putArray("queries");
    answer.queries().forEach(q -> queries.add(query(q)));
    body.set("report", ReportJson.toJson(answer.report()));
    body.put("elapsed_ms", answer.elapsedMillis());
    body.put("as_of_ms", asOfMillis);
    return write(body);
  }

  /** The rows as CSV with a header line; text quoted when it holds a comma, quote or line break. */
  public static String csv(QueryResult result) {
    StringBuilder out = new StringBuilder();
    out.append(csvLine(result.columns().stream().map(c -> (Object) c).toList()));
    result.rows().forEach(r -> out.append(csvLine(r)));
    return out.toString();
  }

  /** 400: a parameter broke a rule. */
  public static String invalidParameter(InvalidParameterException e) {
    ObjectNode body = errorNode("invalid_parameter", e.getMessage());
    body.put("field", e.parameter());
    body.put("rule", e.rule().code());
    return write(body);
  }

  /** An error without a field: not found, unauthorised, warehouse unavailable. */
  public static String error(String code, String message) {
    return write(errorNode(code, message));
  }

  private static ObjectNode errorNode(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("success", false);
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  /** Any value as JSON text (the page's settings). */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  private static ObjectNode query(ConsoleQuery q) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", q.name());
    node.put("sql", q.sql());
    node.put("template", q.template());
    ArrayNode params = node.putArray("params");
    for (SqlParam p : q.params()) {
      if (p instanceof SqlParam.Int n) {
        params.add(n.value());
      } else if (p instanceof SqlParam.Text t) {
        params.add(t.value());
      }
    }
    return node;
  }

  private static String csvLine(List<Object> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      Object v = values.get(i);
      String text = v == null ? "" : v.toString();
      if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        line.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        line.append(text);
      }
    }
    return line.append("\r\n").toString();
  }
}
