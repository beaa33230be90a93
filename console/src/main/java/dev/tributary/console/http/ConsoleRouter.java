package dev.tributary.console.http;

import dev.tributary.console.experiments.DefinitionsUnavailableException;
import dev.tributary.console.experiments.ExperimentResultEndpoint;
import dev.tributary.console.experiments.ReportCsv;
import dev.tributary.console.query.ConsoleEndpoints;
import dev.tributary.console.query.ConsoleEndpoints.Answered;
import dev.tributary.console.query.Endpoint;
import dev.tributary.console.query.InvalidParameterException;
import dev.tributary.console.query.RequestParams;
import dev.tributary.console.warehouse.Warehouse;
import dev.tributary.console.warehouse.WarehouseException;
import io.vertx.core.MultiMap;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP routes: {@code /healthz}; every {@link ConsoleEndpoints} endpoint as JSON (or
 * CSV with {@code format=csv}); {@code /api/settings} for the page; and the page itself with its
 * vendored chart library from the classpath ({@code console/}). Warehouse queries run on a bounded
 * worker pool, never on the event loop.
 *
 * The experiment result ({@link ExperimentResultEndpoint}) is served beside them: its answer is a report built
 * from two queries, not one query's rows.
 *
 * <p>Answers: 200; 400 with the parameter and rule; 401 with a Basic challenge when a password is
 * set and not given; 404 for an unknown path; 502 when the warehouse refused or could not answer;
 * 503 when the experiment definitions cannot be read.
 *
 * <p>Thread-safe: the router is built once and holds only immutable collaborators.
 */
public final class ConsoleRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRouter.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final Set<String> FORMATS = Set.of("json", "csv");

  private ConsoleRouter() {}

  /**
   * @param settingsJson what {@code /api/settings} answers (refresh interval, views)
   */
  public static Router create(Vertx vertx, WorkerExecutor workers, ConsoleEndpoints endpoints,
      ExperimentResultEndpoint experimentResult, Warehouse warehouse, BasicAuth auth, Clock clock, String settingsJson) {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end("{\"status\":\"UP\"}"));
    router.route().handler(ctx -> {
      if (auth.accepts(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", BasicAuth.CHALLENGE)
            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
            .end(AnswerBodies.error("unauthorized", "this console asks for its password (HTTP Basic)"));
      }
    });
    router.get("/api/settings").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(settingsJson));
    for (Endpoint endpoint : endpoints.all()) {
      router.get(endpoint.path()).handler(ctx -> serve(ctx, workers, endpoint, warehouse, clock));
    }
    router.get(ExperimentResultEndpoint.PATH).handler(ctx -> serveResult(ctx, workers, experimentResult, warehouse,
        clock));
    router.route("/api/*").handler(ctx -> ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(AnswerBodies.error("not_found", "no endpoint " + ctx.request().path() + "; see docs/CONSOLE.md")));
    router.route("/*").handler(StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(false));
    return router;
  }

  private static void serve(RoutingContext ctx, WorkerExecutor workers, Endpoint endpoint, Warehouse warehouse,
      Clock clock) {
    RequestParams params = params(ctx, endpoint.allowed(), clock);
    if (params == null) {
      return;
    }
    boolean csv = isCsv(params);
    workers.<Answered>executeBlocking(() -> ConsoleEndpoints.answer(endpoint, params, warehouse::run), false)
        .onSuccess(answered -> {
          if (csv) {
            csv(ctx, answered.query().name(), AnswerBodies.csv(answered.result()));
          } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(AnswerBodies.json(answered, clock.millis()));
          }
        })
        .onFailure(failure -> fail(ctx, endpoint.path(), failure));
  }

  private static void serveResult(RoutingContext ctx, WorkerExecutor workers, ExperimentResultEndpoint endpoint,
      Warehouse warehouse, Clock clock) {
    Set<String> allowed = new java.util.HashSet<>(ExperimentResultEndpoint.PARAMS);
    allowed.add(Endpoint.FORMAT);
    RequestParams params = params(ctx, allowed, clock);
    if (params == null) {
      return;
    }
    boolean csv = isCsv(params);
    workers.<ExperimentResultEndpoint.Answer>executeBlocking(() -> endpoint.answer(params, warehouse), false)
        .onSuccess(answer -> {
          if (csv) {
            // the key is one of the definitions file's ([A-Za-z0-9._-]+): safe in a header
            csv(ctx, "experiment-" + answer.report().key() + "-phase-" + answer.report().phase(),
                AnswerBodies.csv(ReportCsv.table(answer.report(), answer.elapsedMillis())));
          } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(AnswerBodies.experimentResult(answer, clock.millis()));
          }
        })
        .onFailure(failure -> fail(ctx, ExperimentResultEndpoint.PATH, failure));
  }

  /** The request's parameters checked against {@code allowed} and the format; null when answered 400. */
  private static RequestParams params(RoutingContext ctx, Set<String> allowed, Clock clock) {
    try {
      RequestParams params = new RequestParams(queryParams(ctx.queryParams()), allowed, clock);
      String format = params.raw(Endpoint.FORMAT).orElse("json");
      if (!FORMATS.contains(format)) {
        throw new InvalidParameterException(Endpoint.FORMAT, dev.tributary.common.event.Rule.ONE_OF,
            "format must be json or csv, not '" + format + "'");
      }
      return params;
    } catch (InvalidParameterException e) {
      badParameter(ctx, e);
      return null;
    }
  }

  private static boolean isCsv(RequestParams params) {
    return params.raw(Endpoint.FORMAT).orElse("json").equals("csv");
  }

  private static void csv(RoutingContext ctx, String name, String body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").end(body);
  }

  private static void fail(RoutingContext ctx, String path, Throwable failure) {
    if (failure instanceof InvalidParameterException e) {
      badParameter(ctx, e);
    } else if (failure instanceof WarehouseException e) {
      LOG.warn("{} failed: {}", path, e.getMessage());
      ctx.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(AnswerBodies.error("warehouse_unavailable", e.getMessage()));
    } else if (failure instanceof DefinitionsUnavailableException e) {
      LOG.warn("{} failed: {}", path, e.getMessage());
      ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(AnswerBodies.error("definitions_unavailable", e.getMessage()));
    } else {
      LOG.error("{} failed", path, failure);
      ctx.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(AnswerBodies.error("internal_error", String.valueOf(failure.getMessage())));
    }
  }

  private static void badParameter(RoutingContext ctx, InvalidParameterException e) {
    ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(AnswerBodies.invalidParameter(e));
  }

  private static Map<String, List<String>> queryParams(MultiMap params) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : params.names()) {
      out.put(name, params.getAll(name));
    }
    return out;
  }
}
