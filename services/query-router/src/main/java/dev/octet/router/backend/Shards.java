package dev.octet.router.backend;

import java.util.List;

/** The pools of every shard, by shard index. */
public final class Shards implements AutoCloseable {

    private final List<ShardPool> pools;

    public Shards(List<ShardPool> pools) {
        this.pools = List.copyOf(pools);
    }

    public int count() {
        return pools.size();
    }

    public ShardPool pool(int shard) {
        return pools.get(shard);
    }

    public List<ShardPool> pools() {
        return pools;
    }

    @Override
    public void close() {
        pools.forEach(ShardPool::close);
    }
}
