package dev.octet.router.transaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom. Its cycles are deadlocks: every strongly connected component of more than one
 * node holds at least one cycle, and breaking any of its nodes' waits makes progress possible
 * (Tarjan's algorithm finds them in one pass over the edges).
 *
 * @param <T> a waiting party (a distributed transaction)
 */
final class WaitForGraph<T> {

    private final Map<T, Set<T>> edges = new LinkedHashMap<>();

    /** {@code waiter} waits for {@code holder}. */
    void addEdge(T waiter, T holder) {
        if (waiter.equals(holder)) {
            return;
        }
        edges.computeIfAbsent(waiter, w -> new LinkedHashSet<>()).add(holder);
        edges.computeIfAbsent(holder, h -> new LinkedHashSet<>());
    }

    boolean waitsFor(T waiter, T holder) {
        return edges.getOrDefault(waiter, Set.of()).contains(holder);
    }

    /** The groups of parties that wait for each other in a cycle, each in the order it was found. */
    List<Set<T>> deadlocks() {
        return new Tarjan().run();
    }

    /** Tarjan's strongly connected components, iterative so a long chain of waits cannot overflow the stack. */
    private final class Tarjan {
        private final Map<T, Integer> index = new HashMap<>();
        private final Map<T, Integer> lowLink = new HashMap<>();
        private final Deque<T> stack = new ArrayDeque<>();
        private final Set<T> onStack = new LinkedHashSet<>();
        private final List<Set<T>> components = new ArrayList<>();
        private int counter;

        List<Set<T>> run() {
            for (T node : edges.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return components;
        }

        private void visit(T root) {
            Deque<Map.Entry<T, java.util.Iterator<T>>> work = new ArrayDeque<>();
            enter(root);
            work.push(Map.entry(root, edges.get(root).iterator()));
            while (!work.isEmpty()) {
                Map.Entry<T, java.util.Iterator<T>> frame = work.peek();
                T node = frame.getKey();
                java.util.Iterator<T> next = frame.getValue();
                if (next.hasNext()) {
                    T successor = next.next();
                    if (!index.containsKey(successor)) {
                        enter(successor);
                        work.push(Map.entry(successor, edges.get(successor).iterator()));
                    } else if (onStack.contains(successor)) {
                        lowLink.put(node, Math.min(lowLink.get(node), index.get(successor)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    T parent = work.peek().getKey();
                    lowLink.put(parent, Math.min(lowLink.get(parent), lowLink.get(node)));
                }
                if (lowLink.get(node).equals(index.get(node))) {
                    Set<T> component = new LinkedHashSet<>();
                    T member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    if (component.size() > 1) {
                        components.add(component);
                    }
                }
            }
        }

        private void enter(T node) {
            index.put(node, counter);
            lowLink.put(node, counter);
            counter++;
            stack.push(node);
            onStack.add(node);
        }
    }
}
