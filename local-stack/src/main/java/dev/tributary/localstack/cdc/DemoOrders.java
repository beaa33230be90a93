package dev.tributary.localstack.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's database side: a background thread that writes orders of the demo's users (the same
 * ids as the HTTP demo traffic, {@code u-00001}...) into the captured {@code orders} table, then
 * pays most of them (an update) and cancels some (a delete), so the warehouse holds the database's
 * revenue next to the client events' revenue. About {@code perSecond} orders a second.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread.
 */
public final class DemoOrders implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoOrders.class);
  private static final int USERS = 2_000;

  private final Thread thread;
  private final AtomicLong written = new AtomicLong();
  private volatile boolean running = true;

  private DemoOrders(String jdbcUrl, double perSecond) {
    this.thread = new Thread(() -> run(jdbcUrl, perSecond), "demo-orders");
    thread.setDaemon(true);
  }

  /** Starts writing orders into {@code jdbcUrl}'s {@code orders} table. */
  public static DemoOrders start(String jdbcUrl, double perSecond) {
    DemoOrders orders = new DemoOrders(jdbcUrl, perSecond);
    orders.thread.start();
    return orders;
  }

  /** Row changes written so far (inserts, updates, deletes). */
  public long written() {
    return written.get();
  }

  private void run(String jdbcUrl, double perSecond) {
    SplittableRandom random = new SplittableRandom(42);
    long pauseMs = Math.max(1, Math.round(1000 / perSecond));
    while (running) {
      try (Connection c = CdcStack.connect(jdbcUrl);
           PreparedStatement insert = c.prepareStatement(
               "INSERT INTO orders (customer_id, amount, status) VALUES (?, ?, 'placed') RETURNING id");
           PreparedStatement pay = c.prepareStatement("UPDATE orders SET status = 'paid', updated_at = now() WHERE id = ?");
           PreparedStatement cancel = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
        while (running) {
          insert.setString(1, String.format(Locale.ROOT, "u-%05d", 1 + random.nextInt(USERS)));
          insert.setBigDecimal(2, java.math.BigDecimal.valueOf(500 + random.nextInt(20_000), 2));
          long id;
          try (var rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
          written.incrementAndGet();
          double fate = random.nextDouble();
          PreparedStatement next = fate < 0.8 ? pay : fate < 0.9 ? cancel : null;
          if (next != null) {
            next.setLong(1, id);
            next.executeUpdate();
            written.incrementAndGet();
          }
          Thread.sleep(pauseMs);
        }
      } catch (SQLException e) {
        LOG.warn("Demo orders: {}; retrying in 2 s", e.getMessage());
        sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
