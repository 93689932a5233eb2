package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void codesMapToTheirConstantsAndBack() {
        for (Errno e : Errno.values()) {
            assertThat(Errno.of(e.code())).isEqualTo(e);
        }
        assertThat(Errno.of(111)).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.of(115)).isEqualTo(Errno.EINPROGRESS);
        assertThat(Errno.of(0)).isEqualTo(Errno.NONE);
    }

    @Test
    void codesNotListedAreUnknownAndKeepTheirNumberInMessages() {
        for (int code : new int[] {2, 116, 4242, -5, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThat(Errno.of(code)).as("errno %d", code).isEqualTo(Errno.UNKNOWN);
        }
        assertThat(new NativeException("socket(AF_INET, RAW)", 1).getMessage())
                .isEqualTo("socket(AF_INET, RAW): EPERM(1)");
        assertThat(new NativeException("epoll_wait", 4242)).hasMessage("epoll_wait: errno 4242")
                .satisfies(e -> assertThat(e.errno()).isEqualTo(Errno.UNKNOWN));
        assertThat(NativeException.unavailable("socket").errno()).isEqualTo(Errno.ENOSYS);
    }
}
