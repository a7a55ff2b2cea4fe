package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GonePollerTest {
  @Test
  void checksAgainAndAgainEvenAfterACheckFailed() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    try (GonePoller poller = new GonePoller(Duration.ofMillis(1), () -> {
      checks.incrementAndGet();
      three.countDown();
      throw new IllegalStateException("a close refused");
    })) {
      assertThat(three.await(1, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(checks.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void closeStopsItWithoutWaitingForTheInterval() {
    AtomicInteger checks = new AtomicInteger();
    long begin = System.nanoTime();
    new GonePoller(Duration.ofHours(1), checks::incrementAndGet).close();

    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(checks.get()).isZero();
  }

  @Test
  void noCheckRunsOnceClosed() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    GonePoller poller = new GonePoller(Duration.ofMillis(1), checks::incrementAndGet);
    poller.close();
    int atClose = checks.get();

    Thread.sleep(20);

    assertThat(checks.get()).isEqualTo(atClose);
  }
}
