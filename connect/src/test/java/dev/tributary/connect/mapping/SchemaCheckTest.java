package dev.tributary.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connect.mapping.SchemaCheck.TableShape;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

  private static final Set<String> ORDER_COLUMNS = Set.of("id", "customer_id", "amount", "status", "updated_at");

  @Test
  void shouldAcceptAMappingThatFitsTheDatabase() {
    assertThat(SchemaCheck.problems(Orders.mapping(), Map.of("public.orders", new TableShape(ORDER_COLUMNS, true))))
        .isEmpty();
  }

  @Test
  void shouldNameAMissingTable() {
    assertThat(SchemaCheck.problems(Orders.mapping(), Map.of()))
        .containsExactly("table public.orders does not exist in the database");
  }

  @Test
  void shouldNameEveryMissingColumnAndTheMissingReplicaIdentity() {
    TableShape shape = new TableShape(Set.of("id", "customer_id", "status"), false);

    assertThat(SchemaCheck.problems(Orders.mapping(), Map.of("public.orders", shape))).containsExactly(
        "table public.orders has no column updated_at (has customer_id, id, status)",
        "table public.orders has no column amount (has customer_id, id, status)",
        "table public.orders maps deletes but lacks REPLICA IDENTITY FULL, so a delete would carry only its key:"
            + " ALTER TABLE public.orders REPLICA IDENTITY FULL");
  }
}
