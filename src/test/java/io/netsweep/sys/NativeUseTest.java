package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The warm-up's guess of the SYN scan's privilege agrees with the kernel; preparing opens and binds nothing. */
class NativeUseTest {
    @Test
    void mayOpenRawSocketsAgreesWithTheKernel() {
        if (NativeUse.mayOpenRawSockets()) {
            LinuxSocket.openRawTcp(false).close();
        } else {
            assertThrows(NativeException.class, () -> LinuxSocket.openRawTcp(false));
        }
    }

    @Test
    void everyUsePreparesWithoutError() {
        NativeUse.prepare(EnumSet.allOf(NativeUse.class));
        for (NativeUse use : NativeUse.values()) {
            assertThat(use.shapes()).isNotEmpty().doesNotHaveDuplicates();
        }
    }
}
