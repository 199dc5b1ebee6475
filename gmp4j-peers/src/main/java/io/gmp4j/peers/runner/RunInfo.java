package io.gmp4j.peers.runner;

import java.util.List;

/** How a run was made, recorded with its results. */
record RunInfo(int rounds, int warmup, int procs, double scale, List<Workload> workloads, List<Peer> peers,
               String startedAt, String machine) {
}
