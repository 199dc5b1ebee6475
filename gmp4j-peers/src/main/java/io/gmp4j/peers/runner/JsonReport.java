package io.gmp4j.peers.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The results as JSON, for scripts and for comparing runs:
 * <pre>
 * { "startedAt", "machine", "rounds", "warmup", "procs", "scale",
 *   "peers":   [ { "id", "label", "banner" | "skipped" } ],
 *   "metrics": [ { "name", "workload", "title", "size", "unit",
 *                  "results": { PEER_ID: { "samples": [...], "median", "min", "max", "ratioToGmp4j", "failure" } } } ] }
 * </pre>
 * Absent figures are left out rather than written as zero.
 */
final class JsonReport {
    private JsonReport() {
    }

    static void write(Results results, RunInfo info, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("startedAt", info.startedAt());
        root.put("machine", info.machine());
        root.put("rounds", info.rounds());
        root.put("warmup", info.warmup());
        root.put("procs", info.procs());
        root.put("scale", info.scale());
        ArrayNode peers = root.putArray("peers");
        for (Peer p : info.peers()) {
            ObjectNode n = peers.addObject().put("id", p.id()).put("label", p.label());
            if (results.banners().containsKey(p)) {
                n.put("banner", results.banners().get(p));
            }
            if (results.skipped().containsKey(p)) {
                n.put("skipped", results.skipped().get(p));
            }
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Workload w : info.workloads()) {
            for (Workload.Metric m : w.metrics()) {
                ObjectNode mn = metrics.addObject()
                        .put("name", m.name()).put("workload", w.name()).put("title", w.title())
                        .put("size", w.size()).put("unit", m.unit());
                ObjectNode byPeer = mn.putObject("results");
                for (Peer p : info.peers()) {
                    ObjectNode r = json.createObjectNode();
                    ArrayNode s = r.putArray("samples");
                    results.samples(m, p).forEach(s::add);
                    results.stats(m, p).ifPresent(st -> r.put("median", st.median()).put("min", st.min()).put("max", st.max()));
                    results.ratioToGmp4j(m, p).ifPresent(x -> r.put("ratioToGmp4j", x));
                    results.failure(m, p).ifPresent(f -> r.put("failure", f));
                    if (!s.isEmpty() || r.has("failure")) {
                        byPeer.set(p.id(), r);
                    }
                }
            }
        }
        json.writeValue(file.toFile(), root);
    }
}
