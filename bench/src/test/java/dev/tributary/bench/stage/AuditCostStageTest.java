package dev.tributary.bench.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCostStageTest {

  @Test
  void shouldPrintBothRatesAndTheLedgersCostAsAShareOfTheRateWithoutIt() {
    AuditCostStage.Result r = new AuditCostStage.Result(
        new StreamsStage.Result(50_000, 18_000, 2.8, 49_000, 1_000, true),
        new StreamsStage.Result(50_000, 20_000, 2.5, 49_000, 1_000, true));

    String table = AuditCostStage.render(r);

    assertThat(r.cost()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(table).contains("audit ledger on", "18,000", "audit ledger off", "20,000")
        .contains("audit ledger cost: 10.0 %");
  }
}
