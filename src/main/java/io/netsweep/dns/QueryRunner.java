package io.netsweep.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * Asks one question with hedged retries inside a fixed budget.
 *
 * <p>With {@code n = retries + 1} attempts and timeout {@code T}, attempt {@code k} is sent at
 * {@code k * T / n} (or at once when the previous attempt failed outright, e.g. SERVFAIL), to server
 * {@code k mod servers}, each on a fresh socket and query ID. Earlier attempts keep listening, so a slow
 * server that answers after {@code T / n} still counts. The first NOERROR/NXDOMAIN response wins; at
 * {@code T} the question ends regardless, so a dead server costs exactly {@code T}. When every attempt
 * failed, the last non-timeout failure (SERVFAIL or MALFORMED) is reported, else TIMEOUT.
 *
 * <p>Thread-safe. The returned future completes on the {@code callbacks} executor or the timer thread.
 */
final class QueryRunner {
    private final List<InetSocketAddress> servers;
    private final long timeoutNanos;
    private final int attempts;
    private final Executor callbacks;
    private final ScheduledExecutorService timer;

    QueryRunner(DnsOptions options, Executor callbacks, ScheduledExecutorService timer) {
        this.servers = options.servers();
        this.timeoutNanos = options.timeout().toNanos();
        this.attempts = options.retries() + 1;
        this.callbacks = callbacks;
        this.timer = timer;
    }

    /** Asks {@code name}/{@code type} (class IN); the future never completes exceptionally. */
    CompletableFuture<Reply> ask(Name name, int type) {
        var question = new Question(Record.newRecord(name, type, DClass.IN));
        question.start();
        return question.result;
    }

    private final class Question {
        private final Record record;
        private final CompletableFuture<Reply> result = new CompletableFuture<>();
        private final long startNanos = System.nanoTime();
        // guarded by this
        private int sent;
        private int failed;
        private DnsStatus failure = DnsStatus.TIMEOUT;
        private ScheduledFuture<?> nextAttempt;
        private ScheduledFuture<?> deadline;

        Question(Record record) {
            this.record = record;
        }

        void start() {
            synchronized (this) {
                deadline = timer.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
            }
            sendNext();
        }

        /** Sends the next attempt, if any is left and the question is still open. */
        private void sendNext() {
            int attempt;
            synchronized (this) {
                if (result.isDone() || sent >= attempts) {
                    return;
                }
                attempt = sent++;
                if (nextAttempt != null) {
                    nextAttempt.cancel(false);
                    nextAttempt = null;
                }
                if (sent < attempts) {
                    long at = timeoutNanos * sent / attempts - (System.nanoTime() - startNanos);
                    nextAttempt = timer.schedule(this::sendNext, Math.max(0, at), TimeUnit.NANOSECONDS);
                }
            }
            send(attempt);
        }

        private void send(int attempt) {
            long remaining = timeoutNanos - (System.nanoTime() - startNanos);
            if (remaining <= 0) {
                onReply(new Reply.Failed(DnsStatus.TIMEOUT));
                return;
            }
            var resolver = new SimpleResolver(servers.get(attempt % servers.size()));
            resolver.setTimeout(Duration.ofNanos(remaining));
            CompletionStage<Message> response;
            try {
                response = resolver.sendAsync(Message.newQuery(record), callbacks);
            } catch (RuntimeException e) {
                onReply(ReplyClassifier.of(e));
                return;
            }
            response.whenComplete((message, error) ->
                    onReply(error != null ? ReplyClassifier.of(error) : ReplyClassifier.of(message)));
        }

        private void onReply(Reply reply) {
            if (reply instanceof Reply.Answered) {
                finish(reply);
                return;
            }
            boolean allFailed;
            synchronized (this) {
                failed++;
                DnsStatus status = ((Reply.Failed) reply).status();
                if (status != DnsStatus.TIMEOUT) {
                    failure = status;
                }
                allFailed = failed >= attempts;
            }
            if (allFailed) {
                finish(currentFailure());
            } else {
                sendNext(); // a failure need not wait for the next slot
            }
        }

        private void expire() {
            // hand over so that dependents of the result never run on the timer thread
            try {
                callbacks.execute(() -> finish(currentFailure()));
            } catch (RuntimeException rejected) {
                finish(currentFailure());
            }
        }

        private synchronized Reply currentFailure() {
            return new Reply.Failed(failure);
        }

        private void finish(Reply reply) {
            if (!result.complete(reply)) {
                return;
            }
            synchronized (this) {
                deadline.cancel(false);
                if (nextAttempt != null) {
                    nextAttempt.cancel(false);
                }
            }
        }
    }
}
