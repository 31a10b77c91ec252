package dev.octet.peer.simulation;

import dev.octet.peer.dht.DhtConfig;
import dev.octet.peer.membership.MemberState;
import dev.octet.peer.membership.MembershipConfig;
import dev.octet.peer.membership.MembershipEvent;
import dev.octet.peer.node.PeerConfig;
import java.util.Arrays;

/**
 * The simulation benchmark (tests/load/p2p/simulation.sh runs it): Kademlia's hops and lookup latency as the
 * network grows, and SWIM's detection time and false positives as datagrams are lost. Each figure is printed
 * beside the one it should be judged by: hops beside log2(n), detection beside the bound the parameters give
 * and beside SWIM's expected first detection, e/(e-1) protocol periods.
 *
 * <pre>java -cp 'target/quarkus-app/lib/main/*:target/quarkus-app/app/*' dev.octet.peer.simulation.SimulationBenchmark \
 *     [--sizes 100,1000,10000] [--swim-sizes 100,500] [--losses 0,0.01,0.05,0.1] [--seed 1]</pre>
 */
public final class SimulationBenchmark {

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = ints(option(args, "--sizes", "100,1000,10000"));
        int[] swimSizes = ints(option(args, "--swim-sizes", "100,500"));
        double[] losses = Arrays.stream(option(args, "--losses", "0,0.01,0.05,0.1").split(",")).mapToDouble(Double::parseDouble)
                .toArray();
        long seed = Long.parseLong(option(args, "--seed", "1"));
        int lookups = Integer.parseInt(option(args, "--lookups", "300"));

        System.out.println("Kademlia (k=20, alpha=3), LAN latency 1-5 ms one way, " + lookups + " lookups for random keys");
        System.out.println("peers\thops mean\thops max\tlog2(n)\tmean/log2(n)\tclosest found\tk-closest exact\tp50 ms\tp99 ms\t"
                + "requests/lookup\twall s");
        for (int n : sizes) {
            long started = System.nanoTime();
            DhtSimulation simulation = new DhtSimulation(seed, NetworkConditions.lan(), DhtConfig.defaults());
            simulation.grow(n, 20);
            LookupStatistics statistics = simulation.lookups(lookups);
            double log2 = Math.log(n) / Math.log(2);
            System.out.printf("%d\t%.2f\t%d\t%.1f\t×%.3f\t%.1f%%\t%.1f%%\t%d\t%d\t%.1f\t%.0f%n", n, statistics.meanHops(),
                    statistics.maxHops(), log2, statistics.meanHops() / log2, statistics.closestFound() * 100,
                    statistics.exactness() * 100, statistics.percentileMillis(0.5), statistics.percentileMillis(0.99),
                    statistics.meanRequests(), (System.nanoTime() - started) / 1e9);
        }

        MembershipConfig swim = MembershipConfig.lan();
        double expectedFirst = Math.E / (Math.E - 1) * swim.probeIntervalMillis();
        System.out.println();
        System.out.println("SWIM + Lifeguard (memberlist's LAN parameters: T'=1 s, 500 ms probe timeout, k=3), one crash per run,"
                + " false positives counted over 120 s with every peer alive");
        System.out.println("peers\tloss\tfirst suspicion ms\t/ e/(e-1)T'\tknown to all ms\tbound ms\t/ bound\twrongly suspected"
                + "\tper peer-hour\twrongly dead\twall s");
        for (int n : swimSizes) {
            for (double loss : losses) {
                long started = System.nanoTime();
                PeerSimulation simulation = new PeerSimulation(seed, NetworkConditions.lan(), PeerConfig.defaults());
                simulation.grow(n, 5);
                if (!simulation.network().runUntil(simulation::converged, swim.syncIntervalMillis(n) * 3)) {
                    System.out.printf("%d\t%.2f\tdid not converge%n", n, loss);
                    continue;
                }
                simulation.network().conditions(NetworkConditions.lan().withLoss(loss));
                int from = simulation.observed().size();
                long window = 120_000;
                simulation.network().runFor(window);
                FalsePositives wrong = FalsePositives.count(simulation, from, window);

                int victim = n / 2;
                int before = simulation.observed().size();
                simulation.crash(victim);
                long crashed = simulation.network().now();
                simulation.network().runUntil(() -> simulation.seenAs(victim, MemberState.DEAD) >= simulation.livePeers(),
                        swim.detectionBoundMillis(n) * 2);
                long all = simulation.network().now() - crashed;
                long first = simulation.observed().subList(before, simulation.observed().size()).stream()
                        .filter(seen -> seen.event().kind() == MembershipEvent.Kind.SUSPECTED
                                && seen.event().member().equals(simulation.peer(victim).self()))
                        .mapToLong(PeerSimulation.Observed::millis).min().orElse(crashed) - crashed;
                System.out.printf("%d\t%.0f%%\t%d\t×%.2f\t%d\t%d\t×%.3f\t%d\t%.2f\t%d\t%.0f%n", n, loss * 100, first,
                        first / expectedFirst, all, swim.detectionBoundMillis(n), (double) all / swim.detectionBoundMillis(n),
                        wrong.suspicions(), wrong.suspicionsPerPeerHour(), wrong.deaths(), (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
