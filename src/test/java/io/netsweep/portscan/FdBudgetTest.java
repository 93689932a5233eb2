package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import io.netsweep.sys.FdLimit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FdBudgetTest {

    @Test
    void budgetKeepsAReserveOf64PlusTenPercent() {
        assertThat(FdBudget.fromSoftLimit(20_000)).isEqualTo(20_000 - 64 - 2_000);
        assertThat(FdBudget.fromSoftLimit(1024)).isEqualTo(1024 - 64 - 102);
        assertThat(FdBudget.fromSoftLimit(50)).isEqualTo(1);
        assertThat(FdBudget.fromSoftLimit(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void nativeLimitAgreesWithProcAndRaisingReachesTheHardLimit() {
        Optional<FdLimit> limit = FdLimit.current();
        Prerequisites.require(limit.isPresent(), "the fd limit is read natively on Linux on x86-64 or AArch64 only");
        FdLimit before = limit.get();
        assertThat(FdBudget.softLimitFromProc()).hasValue(before.soft());

        long after = FdBudget.raiseAndMeasure();

        assertThat(FdBudget.softLimitFromProc()).hasValue(after);
        if (before.hard() != Long.MAX_VALUE) {
            assertThat(after).isEqualTo(before.hard());
        }
        assertThat(after).isGreaterThanOrEqualTo(before.soft());
    }
}
