package io.netsweep.portscan;

/**
 * Probes by a 64-bit flow key (the SYN scan's IPv4 address and port, {@link SynIo}): an open-addressing table with
 * primitive keys, so that registering, finding and ending a probe box nothing and allocate nothing until the table
 * grows. Linear probing; a removal shifts the entries after it back, so no tombstones build up however many probes
 * pass through.
 *
 * <p>Not thread-safe: confined to the engine thread.
 */
final class FlowTable {
    private static final int INITIAL_CAPACITY = 1024;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Probe[] values = new Probe[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    /** The probe under {@code key}, or null. */
    Probe get(long key) {
        for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return null;
    }

    /** Puts {@code value} (not null) under {@code key}; returns the probe it replaced, or null. */
    Probe put(long key, Probe value) {
        int i = slot(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                Probe old = values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > values.length) {
            grow();
        }
        return null;
    }

    /** Removes the entry under {@code key}, if any. */
    void remove(long key) {
        int i = slot(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                break;
            }
        }
        if (values[i] == null) {
            return;
        }
        values[i] = null;
        size--;
        // Shift back the entries of the run after i that would no longer be found past the hole.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Probe[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Probe[oldValues.length * 2];
        mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int j = slot(oldKeys[i]);
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
