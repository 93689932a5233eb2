package io.netsweep.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon started by a test in the foreground, with its own configuration under the test's temporary
 * directory, listening on a loopback address of the test's own; ready once its port accepts a connection,
 * and ended by its PID (and its children's) on close.
 */
final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Runs {@code command} (output to {@code dir/NAME.log}) and waits until {@code ready} accepts connections. */
    static Daemon start(String name, List<String> command, Path dir, InetSocketAddress ready, Duration timeout)
            throws IOException, InterruptedException {
        return start(name, command, dir, ready.toString(), () -> {
            try (Socket probe = new Socket()) {
                probe.connect(ready, 200);
            }
        }, timeout);
    }

    /**
     * Runs {@code command} and waits until UDP port {@code ready} answers {@code request} (a query of its protocol)
     * with a datagram.
     */
    static Daemon startUdp(String name, List<String> command, Path dir, InetSocketAddress ready, byte[] request,
            Duration timeout) throws IOException, InterruptedException {
        return start(name, command, dir, ready + "/udp", () -> {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
                probe.connect(ready);
                probe.setSoTimeout(200);
                probe.send(new java.net.DatagramPacket(request, request.length));
                probe.receive(new java.net.DatagramPacket(new byte[65_535], 65_535));
            }
        }, timeout);
    }

    /** Throws while the daemon is not ready. */
    @FunctionalInterface
    private interface ReadyCheck {
        void check() throws IOException;
    }

    private static Daemon start(String name, List<String> command, Path dir, String ready, ReadyCheck check,
            Duration timeout) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon daemon = new Daemon(name, process, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.check();
                return daemon;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    String output = Files.readString(log);
                    daemon.close();
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + output);
                }
                if (System.nanoTime() - deadline > 0) {
                    String output = Files.readString(log);
                    daemon.close();
                    throw new IllegalStateException(name + " did not listen on " + ready + " in " + timeout + ": " + output);
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Runs a set-up command to its end, failing with its output if it fails. */
    static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command + " did not finish in " + timeout);
            }
            String output = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + output);
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
