package io.netsweep.dns;

import io.netsweep.timing.MonotonicClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@code k mod servers} (servers found silent are skipped while another one is heard, see
 * {@link ServerHealth}), each on a fresh socket and query ID. Earlier attempts keep listening, so a slow
 * server that answers after {@code T / n} still counts. The first NOERROR/NXDOMAIN response wins; at
 * {@code T} the question ends regardless. When every attempt failed, the last non-timeout failure
 * (SERVFAIL or MALFORMED) is reported, else TIMEOUT.
 *
 * <p><b>Silent servers.</b> A server is found silent when nothing at all came from it for a whole
 * {@code T} after a query (see {@link ServerHealth}). Once every server is silent, the
 * questions still open end at once as TIMEOUT (they were asked after a query that a whole {@code T} did not
 * answer, so they would only wait out the rest of their own {@code T}), and new questions end as TIMEOUT
 * without waiting while one probe question at a time goes out: any reply from a server, to the probe or
 * late to an earlier query, makes it heard again and questions go out as before. So a dead server costs
 * a scan about one {@code T}, not one per wave of the concurrency limit.
 *
 * <p>Thread-safe. The returned future completes on the {@code callbacks} executor or the timer thread.
 */
final class QueryRunner {
    private final List<InetSocketAddress> servers;
    private final MonotonicClock clock;
    private final long timeoutNanos;
    private final int attempts;
    private final Executor callbacks;
    private final ScheduledExecutorService timer;
    private final ServerHealth health;
    private final Set<Question> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean probing = new AtomicBoolean();

    /** {@code timer} runs tasks after delays of {@code clock}'s time. */
    QueryRunner(DnsOptions options, MonotonicClock clock, Executor callbacks, ScheduledExecutorService timer) {
        this.servers = options.servers();
        this.clock = clock;
        this.timeoutNanos = options.timeout().toNanos();
        this.attempts = options.retries() + 1;
        this.callbacks = callbacks;
        this.timer = timer;
        this.health = new ServerHealth(servers.size(), timeoutNanos, clock, timer, this::settleOpenQuestions);
    }

    /**
     * Asks {@code name}/{@code type} (class IN); the future never completes exceptionally, and never on the
     * calling thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the executors are shut down
     */
    CompletableFuture<Reply> ask(Name name, int type) {
        Record record = Record.newRecord(name, type, DClass.IN);
        if (health.allSilent()) {
            if (probing.compareAndSet(false, true)) {
                var probe = new Question(record, true);
                probe.result.whenComplete((reply, error) -> probing.set(false));
                probe.start();
            }
            return CompletableFuture.supplyAsync(() -> new Reply.Failed(DnsStatus.TIMEOUT), callbacks);
        }
        var question = new Question(record, false);
        question.start();
        return question.result;
    }

    /** Every server is silent: the questions still open (but the probe) end now, on the callbacks executor. */
    private void settleOpenQuestions() {
        Runnable settle = () -> {
            for (Question q : open) {
                if (!q.probe) {
                    q.finish(q.currentFailure());
                }
            }
        };
        try {
            callbacks.execute(settle);
        } catch (RuntimeException rejected) {
            settle.run(); // shutting down: close() completes the lookups anyway
        }
    }

    private final class Question {
        private final Record record;
        private final boolean probe; // asked while every server is silent, to hear whether one is back
        private final CompletableFuture<Reply> result = new CompletableFuture<>();
        private final long startNanos = clock.nanoTime();
        // guarded by this
        private int sent;
        private int failed;
        private DnsStatus failure = DnsStatus.TIMEOUT;
        private ScheduledFuture<?> nextAttempt;
        private ScheduledFuture<?> deadline;
        private int firstServer = -1; // where attempt 0 went, at startNanos

        Question(Record record, boolean probe) {
            this.record = record;
            this.probe = probe;
        }

        void start() {
            open.add(this);
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
                    long at = timeoutNanos * sent / attempts - (clock.nanoTime() - startNanos);
                    nextAttempt = timer.schedule(this::sendNext, Math.max(0, at), TimeUnit.NANOSECONDS);
                }
            }
            send(attempt);
        }

        private void send(int attempt) {
            long remaining = timeoutNanos - (clock.nanoTime() - startNanos);
            if (remaining <= 0) {
                onReply(new Reply.Failed(DnsStatus.TIMEOUT));
                return;
            }
            int server = health.serverFor(attempt);
            if (attempt == 0) {
                synchronized (this) {
                    firstServer = server;
                }
            }
            var resolver = new SimpleResolver(servers.get(server));
            resolver.setTimeout(Duration.ofNanos(remaining));
            CompletionStage<Message> response;
            try {
                response = resolver.sendAsync(Message.newQuery(record), callbacks);
            } catch (RuntimeException e) {
                onReply(ReplyClassifier.of(e));
                return;
            }
            try {
                health.sent(server, clock.nanoTime());
            } catch (RuntimeException shutDown) {
                // closing: the question ends with the resolver
            }
            response.whenComplete((message, error) -> {
                Reply reply = error != null ? ReplyClassifier.of(error) : ReplyClassifier.of(message);
                if (!(reply instanceof Reply.Failed(var status) && status == DnsStatus.TIMEOUT)) {
                    // even after this question ended: a late reply shows the server lives
                    health.heard(server, clock.nanoTime());
                }
                onReply(reply);
            });
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
            int server;
            synchronized (this) {
                server = firstServer;
            }
            // Before this question's slot is given to a queued one: that one must see the server silent.
            if (server >= 0) {
                health.timedOut(server, startNanos);
            }
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
            open.remove(this);
            synchronized (this) {
                deadline.cancel(false);
                if (nextAttempt != null) {
                    nextAttempt.cancel(false);
                }
            }
        }
    }
}
