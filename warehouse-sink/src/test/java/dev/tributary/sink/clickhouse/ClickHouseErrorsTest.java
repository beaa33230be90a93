package dev.tributary.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {

  private static ServerException server(int code, int http) {
    return new ServerException(code, "Code: " + code + ". DB::Exception: something", http, "q1");
  }

  @Test
  void shouldRetryWhenServerRefusesConnection() {
    assertThat(ClickHouseErrors.classify(new ClientException("failed", new ConnectException("Connection refused"))))
        .isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryWhenConnectionCannotBeInitiated() {
    assertThat(ClickHouseErrors.classify(new ConnectionInitiationException("no route")))
        .isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryOnSocketTimeoutWrappedInExecutionException() {
    assertThat(ClickHouseErrors.classify(new ExecutionException(new SocketTimeoutException("Read timed out"))))
        .isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryWhenServerHasTooManyParts() {
    assertThat(ClickHouseErrors.classify(server(252, 500))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryWhenEarlierAttemptOfSameQueryIdIsStillRunning() {
    assertThat(ClickHouseErrors.classify(server(216, 500))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryWhenServerIsOutOfMemory() {
    assertThat(ClickHouseErrors.classify(server(241, 500))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryOnServiceUnavailableWithoutCode() {
    assertThat(ClickHouseErrors.classify(server(ServerException.CODE_UNKNOWN, 503)))
        .isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldFailOnUnknownTable() {
    assertThat(ClickHouseErrors.classify(server(60, 404))).isInstanceOf(ClickHouseErrors.Fatal.class)
        .extracting(ClickHouseErrors.Verdict::reason).asString().contains("60");
  }

  @Test
  void shouldFailOnSchemaMismatch() {
    assertThat(ClickHouseErrors.classify(server(16, 400))).isInstanceOf(ClickHouseErrors.Fatal.class);
    assertThat(ClickHouseErrors.classify(server(53, 500))).isInstanceOf(ClickHouseErrors.Fatal.class);
    assertThat(ClickHouseErrors.classify(server(33, 500))).isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  @Test
  void shouldFailWhenAccessIsDenied() {
    assertThat(ClickHouseErrors.classify(server(164, 500))).isInstanceOf(ClickHouseErrors.Fatal.class);
    assertThat(ClickHouseErrors.classify(server(516, 401))).isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  @Test
  void shouldFailWhenServerErrorIsWrappedEvenIfCauseChainHasIoException() {
    ServerException wrapped = server(60, 404);
    wrapped.initCause(new java.io.IOException("body"));
    assertThat(ClickHouseErrors.classify(new ExecutionException(wrapped))).isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  @Test
  void shouldFailWhenClientIsMisconfigured() {
    assertThat(ClickHouseErrors.classify(new ClientMisconfigurationException("bad endpoint")))
        .isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  @Test
  void shouldFailOnUnexpectedClientBug() {
    assertThat(ClickHouseErrors.classify(new IllegalStateException("bug"))).isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  /** ClickHouse 18.16 sends no code header: the client reports code 0 and the code is in the message. */
  private static ServerException server1816(int code) {
    return server1816("Code: " + code + ", e.displayText() = DB::Exception: something, e.what() = DB::Exception");
  }

  /** An 18.16 answer whose whole message is {@code message} (it starts with the code). */
  private static ServerException server1816(String message) {
    return new ServerException(0, message, 500, "q1");
  }

  @Test
  void shouldRetryQuorumInsertWhileReplicaOfShardIsDownOnServerThatSendsCodeOnlyInMessage() {
    assertThat(ClickHouseErrors.classify(server1816(285))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryInsertWhileARestartedReplicaOfTheShardIsNotRegisteredInTheKeeperYet() {
    // seen in ClusterSinkIT right after both replicas of a shard restarted; the sink used to stop on it
    ServerException e = server1816("Code: 244, e.displayText() = DB::Exception: Unexpected logical error while"
        + " adding block 11 with ID '202602_1_2': No node, path /clickhouse/tables/2/db/events_local/replicas/s2r1/is_active:"
        + " while pushing to view db.events__fence_531caba3, e.what() = DB::Exception");

    assertThat(ClickHouseErrors.classify(e)).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetryQuorumInsertWhilePreviousQuorumIsUnsatisfied() {
    assertThat(ClickHouseErrors.classify(server1816(286))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldRetrySequentiallyConsistentReadRefusedByLaggingReplica() {
    assertThat(ClickHouseErrors.classify(server1816(289))).isInstanceOf(ClickHouseErrors.Retriable.class);
  }

  @Test
  void shouldStillStopOnUnknownTableOnServerThatSendsCodeOnlyInMessage() {
    assertThat(ClickHouseErrors.classify(server1816(60))).isInstanceOf(ClickHouseErrors.Fatal.class);
  }

  @Test
  void shouldClassifyFenceRefusalAsFencedFromTheMessageOfAn18_16Answer() {
    ServerException e = server1816("Code: 395, e.displayText() ="
        + " DB::Exception: Value passed to 'throwIf' function is non zero: while pushing to view db.events__fence_1,"
        + " e.what() = DB::Exception");

    assertThat(ClickHouseErrors.classify(e)).isInstanceOf(ClickHouseErrors.Fenced.class);
  }
}
