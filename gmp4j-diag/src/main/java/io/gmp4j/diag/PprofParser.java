package io.gmp4j.diag;

import io.gmp4j.diag.pprof.Function;
import io.gmp4j.diag.pprof.Label;
import io.gmp4j.diag.pprof.Line;
import io.gmp4j.diag.pprof.Location;
import io.gmp4j.diag.pprof.Profile;
import io.gmp4j.diag.pprof.Sample;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads a goroutine profile in pprof's format (gzip'd or plain {@code profile.proto}), as Go's
 * {@code /debug/pprof/goroutine} serves it and as {@link PprofWriter} writes it.
 *
 * <p>Like {@code debug=1}, a profile has counts per distinct stack, not goroutines: each sample
 * becomes as many records as its count, numbered 1, 2, … in sample order, with state
 * {@code unknown}, the sample's string labels, and its frames (an inlined location gives one frame
 * per line, innermost first). The snapshot's time is the profile's {@code time_nanos}, or now when it
 * has none. A profile whose first sample type is not {@code goroutine}, or whose references point
 * nowhere (a location, function or string index that does not exist), is refused with
 * {@link DumpParseException}; so is anything that is not a profile.
 */
final class PprofParser {
    private PprofParser() {
    }

    /** Whether these bytes look like a profile: gzip's magic number (plain protobuf is not sniffed). */
    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    static Snapshot parse(byte[] bytes) throws DumpParseException {
        Profile p;
        try (InputStream in = isGzip(bytes) ? new GZIPInputStream(new ByteArrayInputStream(bytes)) : new ByteArrayInputStream(bytes)) {
            p = Profile.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new DumpParseException(0, "not a pprof profile: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DumpParseException(0, "unreadable pprof profile (gzip): " + e.getMessage(), e);
        }
        List<String> strings = p.getStringTableList();
        if (strings.isEmpty() || !strings.getFirst().isEmpty()) {
            throw new DumpParseException(0, "not a pprof profile: its string table must start with \"\"");
        }
        if (p.getSampleTypeCount() == 0 || !"goroutine".equals(string(strings, p.getSampleType(0).getType(), "sample type"))) {
            throw new DumpParseException(0, "not a goroutine profile: the first sample type is '"
                    + (p.getSampleTypeCount() == 0 ? "" : string(strings, p.getSampleType(0).getType(), "sample type")) + "'");
        }
        Map<Long, Function> functions = new HashMap<>();
        for (Function f : p.getFunctionList()) {
            functions.put(f.getId(), f);
        }
        Map<Long, List<Frame>> locations = new HashMap<>();
        for (Location l : p.getLocationList()) {
            List<Frame> frames = new ArrayList<>();
            for (Line line : l.getLineList()) {
                Function f = functions.get(line.getFunctionId());
                if (f == null) {
                    throw new DumpParseException(0, "location " + l.getId() + " names function " + line.getFunctionId() + ", which is not in the profile");
                }
                frames.add(new Frame(string(strings, f.getName(), "function name"), string(strings, f.getFilename(), "file name"),
                        (int) Math.max(0, Math.min(Integer.MAX_VALUE, line.getLine()))));
            }
            if (frames.isEmpty()) {
                frames.add(new Frame("0x" + Long.toHexString(l.getAddress()), "", 0)); // unsymbolized
            }
            locations.put(l.getId(), frames);
        }
        List<GoroutineInfo> out = new ArrayList<>();
        long id = 1;
        for (Sample s : p.getSampleList()) {
            if (s.getValueCount() == 0 || s.getValue(0) < 0) {
                throw new DumpParseException(0, "a sample without a goroutine count");
            }
            List<Frame> frames = new ArrayList<>();
            for (long loc : s.getLocationIdList()) {
                List<Frame> fs = locations.get(loc);
                if (fs == null) {
                    throw new DumpParseException(0, "a sample names location " + loc + ", which is not in the profile");
                }
                frames.addAll(fs);
            }
            Map<String, String> labels = new TreeMap<>();
            for (Label l : s.getLabelList()) {
                if (l.getStr() != 0) {
                    labels.put(string(strings, l.getKey(), "label key"), string(strings, l.getStr(), "label value"));
                }
            }
            long count = s.getValue(0);
            if (count > 10_000_000 || out.size() + count > 10_000_000) {
                throw new DumpParseException(0, "a profile of more than 10,000,000 goroutines is refused");
            }
            for (long i = 0; i < count; i++) {
                out.add(new GoroutineInfo(id, "goroutine-" + id, "unknown", 0, labels, frames, null, 0, false));
                id++;
            }
        }
        Instant takenAt = p.getTimeNanos() > 0
                ? Instant.ofEpochSecond(p.getTimeNanos() / 1_000_000_000L, p.getTimeNanos() % 1_000_000_000L)
                : Instant.now();
        return Snapshot.of(takenAt, out);
    }

    private static String string(List<String> strings, long index, String what) throws DumpParseException {
        if (index < 0 || index >= strings.size()) {
            throw new DumpParseException(0, what + " refers to string " + index + ", beyond the string table's " + strings.size());
        }
        return strings.get((int) index);
    }
}
