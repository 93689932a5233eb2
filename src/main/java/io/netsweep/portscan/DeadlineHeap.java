package io.netsweep.portscan;

import java.util.Arrays;

/**
 * The probes in flight, ordered by deadline: a binary min-heap that records each probe's position so that a
 * probe answered before its deadline leaves in O(log n). Expiry costs O(log n) per timed-out probe instead of a
 * scan over every socket. Deadlines compare by difference, so {@link io.netsweep.timing.MonotonicClock} wrap-around is harmless.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class DeadlineHeap {
    private Probe[] heap = new Probe[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The probe with the earliest deadline, or null when empty. */
    Probe peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Probe p) {
        if (p.heapIndex >= 0) {
            throw new IllegalStateException("probe already in flight: " + p);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = p;
        p.heapIndex = size;
        size++;
        siftUp(p.heapIndex);
    }

    /** Removes {@code p} if present; returns whether it was. */
    boolean remove(Probe p) {
        int i = p.heapIndex;
        if (i < 0 || i >= size || heap[i] != p) {
            return false;
        }
        size--;
        Probe last = heap[size];
        heap[size] = null;
        p.heapIndex = -1;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
        return true;
    }

    /** Removes and returns the earliest probe, or null when empty. */
    Probe poll() {
        Probe first = peek();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    /** Every probe in flight, in no particular order (a copy). */
    Probe[] toArray() {
        return Arrays.copyOf(heap, size);
    }

    private void siftUp(int i) {
        Probe p = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Probe q = heap[parent];
            if (p.deadlineNanos - q.deadlineNanos >= 0) {
                break;
            }
            place(q, i);
            i = parent;
        }
        place(p, i);
    }

    private void siftDown(int i) {
        Probe p = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadlineNanos - heap[child].deadlineNanos < 0) {
                child = right;
            }
            if (heap[child].deadlineNanos - p.deadlineNanos >= 0) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(p, i);
    }

    private void place(Probe p, int i) {
        heap[i] = p;
        p.heapIndex = i;
    }
}
