package io.gmp4j.diag;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON dump. Schema (version 1):
 * <pre>
 * { "format": "gmp4j-goroutines", "version": 1, "takenAt": ISO-8601 instant, "total": N,
 *   "goroutines": [ { "id": long, "name": string, "state": string (as in debug=2 headers),
 *                     "waitMinutes": long, "lockedToThread": boolean, "labels": { string: string },
 *                     "creatorId": long (0: none), "createdBy": FRAME or null,
 *                     "frames": [ FRAME, … innermost first ],
 *                     "waitContexts": [ CONTEXT, … ] (whose ctx.Done() it waits on; "state" keeps Go's wait reason),
 *                     "context": CONTEXT or null (what it was started with: Go.go(ctx, body)) } ] }
 * FRAME = { "function": string, "file": string ("" when unknown), "line": int (0 when unknown) }
 * CONTEXT = { "description": string (Go's context.Context.String()), "kind": string (WithTimeout, …),
 *             "deadline": ISO-8601 instant or null, "timeout": Go's duration text ("1m30s") or null,
 *             "createdAt": FRAME or null, "err": string or null (Go's ctx.Err() text once ended),
 *             "cause": string or null (the cause given to cancel(cause), when it is more than err) }
 * </pre>
 * Fields are only ever added within a version.
 */
public final class JsonDump {
    private JsonDump() {
    }

    static void write(Snapshot s, Writer w) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        ObjectNode root = json.createObjectNode();
        root.put("format", "gmp4j-goroutines");
        root.put("version", 1);
        root.put("takenAt", s.takenAt().toString());
        root.put("total", s.goroutines().size());
        ArrayNode list = root.putArray("goroutines");
        for (GoroutineInfo g : s.goroutines()) {
            ObjectNode n = list.addObject();
            n.put("id", g.id());
            n.put("name", g.name());
            n.put("state", g.state());
            n.put("waitMinutes", g.waitMinutes());
            n.put("lockedToThread", g.lockedToThread());
            ObjectNode labels = n.putObject("labels");
            for (Map.Entry<String, String> e : g.labels().entrySet()) {
                labels.put(e.getKey(), e.getValue());
            }
            n.put("creatorId", g.creatorId());
            if (g.createdBy() == null) {
                n.putNull("createdBy");
            } else {
                frame(n.putObject("createdBy"), g.createdBy());
            }
            ArrayNode frames = n.putArray("frames");
            for (Frame f : g.frames()) {
                frame(frames.addObject(), f);
            }
            ArrayNode waits = n.putArray("waitContexts");
            for (ContextInfo c : g.waitContexts()) {
                context(waits.addObject(), c);
            }
            ContextInfo started = g.context();
            if (started == null) {
                n.putNull("context");
            } else {
                context(n.putObject("context"), started);
            }
        }
        json.writeValue(w, root);
        w.write('\n');
    }

    private static void context(ObjectNode n, ContextInfo c) {
        n.put("description", c.description());
        n.put("kind", c.kind());
        Instant deadline = c.deadline();
        n.put("deadline", deadline == null ? null : deadline.toString());
        Duration timeout = c.timeout();
        n.put("timeout", timeout == null ? null : GoDuration.format(timeout));
        Frame at = c.createdAt();
        if (at == null) {
            n.putNull("createdAt");
        } else {
            frame(n.putObject("createdAt"), at);
        }
        n.put("err", c.err());
        n.put("cause", c.cause());
    }

    private static void frame(ObjectNode n, Frame f) {
        n.put("function", f.function());
        n.put("file", f.file());
        n.put("line", f.line());
    }
}
