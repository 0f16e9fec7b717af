package io.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TandemServerTest {
    @Test
    void aStartErrorWithoutAMessageIsNamedByItsClassInsteadOfThrowing() {
        assertThat(TandemServer.startProblem(new ExecutionException(new IllegalStateException())))
            .isEqualTo("java.lang.IllegalStateException");
        assertThat(TandemServer.startProblem(new java.util.concurrent.TimeoutException())).isEqualTo("java.util.concurrent.TimeoutException");
        assertThat(TandemServer.startProblem(new ExecutionException(new BindException("cannot bind udp on 127.0.0.1:5060"))))
            .isEqualTo("cannot bind udp on 127.0.0.1:5060");
    }
}
