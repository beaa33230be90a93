package dev.tributary.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void shouldAdmitBurstOfOneSecondThenLimit() {
    TokenBucket bucket = new TokenBucket(100, nanos::get);

    assertThat(bucket.tryTake(60)).isInstanceOf(TokenBucket.Admitted.class);
    assertThat(bucket.tryTake(40)).isInstanceOf(TokenBucket.Admitted.class);
    assertThat(bucket.tryTake(1)).isEqualTo(new TokenBucket.Limited(1));
  }

  @Test
  void shouldRefillWithElapsedTime() {
    TokenBucket bucket = new TokenBucket(100, nanos::get);
    bucket.tryTake(100);

    nanos.addAndGet(500_000_000L);

    assertThat(bucket.tryTake(50)).isInstanceOf(TokenBucket.Admitted.class);
    assertThat(bucket.tryTake(1)).isInstanceOf(TokenBucket.Limited.class);
  }

  @Test
  void shouldAdmitBatchLargerThanBurstThenHoldBackByItsDebt() {
    TokenBucket bucket = new TokenBucket(100, nanos::get);

    assertThat(bucket.tryTake(500)).isInstanceOf(TokenBucket.Admitted.class);

    assertThat(bucket.tryTake(1)).isEqualTo(new TokenBucket.Limited(5));
    nanos.addAndGet(4_000_000_000L);
    assertThat(bucket.tryTake(1)).isEqualTo(new TokenBucket.Limited(1));
    nanos.addAndGet(1_100_000_000L);
    assertThat(bucket.tryTake(1)).isInstanceOf(TokenBucket.Admitted.class);
  }

  @Test
  void shouldNotAccumulateMoreThanOneSecondOfTokens() {
    TokenBucket bucket = new TokenBucket(10, nanos::get);
    nanos.addAndGet(3_600_000_000_000L);

    bucket.tryTake(10);

    assertThat(bucket.tryTake(1)).isInstanceOf(TokenBucket.Limited.class);
  }

  @Test
  void shouldLimitEachWriteKeySeparately() {
    RateLimiter limiter = new RateLimiter(10, nanos::get);
    limiter.tryAcquire("a", 10);

    assertThat(limiter.tryAcquire("a", 1)).isInstanceOf(TokenBucket.Limited.class);
    assertThat(limiter.tryAcquire("b", 1)).isInstanceOf(TokenBucket.Admitted.class);
  }

  @Test
  void shouldNeverLimitWhenRateIsZero() {
    RateLimiter limiter = new RateLimiter(0, nanos::get);

    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryAcquire("a", 1_000_000)).isInstanceOf(TokenBucket.Admitted.class);
    }
  }
}
