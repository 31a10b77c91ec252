package dev.octet.router.execution;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and latencies per query shape (the SQL with its constants replaced by parameters), for the
 * admin API. Latencies go into power-of-two microsecond buckets, enough for percentiles.
 */
public final class QueryStats {

    private static final int MAX_SHAPES = 2_000;
    private static final int BUCKETS = 40;

    /** One shape's figures. */
    public record ShapeFigures(String shape, long count, long errors, double meanMillis, double p50Millis,
                               double p99Millis, double maxMillis, String route) {
    }

    private static final class Shape {
        final LongAdder count = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder totalMicros = new LongAdder();
        final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
        volatile long maxMicros;
        volatile String route = "";
    }

    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    public void record(String shape, String route, long nanos, boolean failed) {
        Shape figures = shapes.get(shape);
        if (figures == null) {
            if (shapes.size() >= MAX_SHAPES) {
                return;
            }
            figures = shapes.computeIfAbsent(shape, s -> new Shape());
        }
        long micros = Math.max(1, nanos / 1000);
        figures.count.increment();
        if (failed) {
            figures.errors.increment();
        }
        figures.totalMicros.add(micros);
        figures.buckets.incrementAndGet(Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros)));
        if (micros > figures.maxMicros) {
            figures.maxMicros = micros;
        }
        if (route != null) {
            figures.route = route;
        }
    }

    public List<ShapeFigures> top(int limit) {
        return shapes.entrySet().stream()
                .map(entry -> figures(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(ShapeFigures::count).reversed())
                .limit(limit)
                .toList();
    }

    private static ShapeFigures figures(String text, Shape shape) {
        long count = shape.count.sum();
        return new ShapeFigures(text, count, shape.errors.sum(),
                count == 0 ? 0 : shape.totalMicros.sum() / 1000.0 / count,
                percentile(shape, count, 0.50), percentile(shape, count, 0.99), shape.maxMicros / 1000.0, shape.route);
    }

    /** The upper bound of the bucket holding the given fraction of the calls. */
    private static double percentile(Shape shape, long count, double fraction) {
        long wanted = (long) Math.ceil(count * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += shape.buckets.get(i);
            if (seen >= wanted && wanted > 0) {
                return (1L << (i + 1)) / 1000.0;
            }
        }
        return shape.maxMicros / 1000.0;
    }

    public void clear() {
        shapes.clear();
    }
}
