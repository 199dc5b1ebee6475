package io.gmp4j.diag;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The JSON dump. Schema (version 1):
 * <pre>
 * { "format": "gmp4j-goroutines", "version": 1, "takenAt": ISO-8601 instant, "total": N,
 *   "goroutines": [ { "id": long, "name": string, "state": string (as in debug=2 headers),
 *                     "waitMinutes": long, "lockedToThread": boolean, "labels": { string: string },
 *                     "creatorId": long (0: none), "createdBy": FRAME or null,
 *                     "frames": [ FRAME, … innermost first ] } ] }
 * FRAME = { "function": string, "file": string ("" when unknown), "line": int (0 when unknown) }
 * </pre>
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
        }
        json.writeValue(w, root);
        w.write('\n');
    }

    private static void frame(ObjectNode n, Frame f) {
        n.put("function", f.function());
        n.put("file", f.file());
        n.put("line", f.line());
    }
}
