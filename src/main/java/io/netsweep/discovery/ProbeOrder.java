package io.netsweep.discovery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Walks targets lazily in a seeded, locally shuffled order: each next element is drawn at random
 * from a window of the next {@code window} targets, so consecutive addresses are spread out
 * without ever holding more than the window in memory. Not thread-safe.
 */
final class ProbeOrder<T> implements Iterator<T> {
    private final Iterator<T> source;
    private final List<T> buffer;
    private final int window;
    private final SplittableRandom random;

    ProbeOrder(Iterator<T> source, int window, long seed) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.source = source;
        this.window = window;
        this.buffer = new ArrayList<>(window);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public boolean hasNext() {
        return !buffer.isEmpty() || source.hasNext();
    }

    @Override
    public T next() {
        while (buffer.size() < window && source.hasNext()) {
            buffer.add(source.next());
        }
        if (buffer.isEmpty()) {
            throw new NoSuchElementException();
        }
        int i = random.nextInt(buffer.size());
        T picked = buffer.get(i);
        buffer.set(i, buffer.get(buffer.size() - 1));
        buffer.remove(buffer.size() - 1);
        return picked;
    }
}
