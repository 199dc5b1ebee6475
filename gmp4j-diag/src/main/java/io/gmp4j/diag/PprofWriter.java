package io.gmp4j.diag;

import io.gmp4j.diag.pprof.Function;
import io.gmp4j.diag.pprof.Label;
import io.gmp4j.diag.pprof.Line;
import io.gmp4j.diag.pprof.Location;
import io.gmp4j.diag.pprof.Mapping;
import io.gmp4j.diag.pprof.Profile;
import io.gmp4j.diag.pprof.Sample;
import io.gmp4j.diag.pprof.ValueType;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Go's goroutine profile as pprof writes it: a gzip'd {@code profile.proto} with sample type
 * {@code goroutine/count}, one sample per distinct (stack, labels) whose value is how many
 * goroutines share it, string labels on the samples, one location per distinct frame (its
 * synthetic address is the one {@link Debug1Writer} prints, so debug=1 and pprof agree), one
 * function per distinct (name, file), and a single mapping that says functions, file names and
 * line numbers are all present (so {@code go tool pprof} does not try to symbolize).
 */
final class PprofWriter {
    private PprofWriter() {
    }

    static void write(Snapshot s, OutputStream out) throws IOException {
        write(s, out, "goroutine");
    }

    /** As Go writes the profile whose sample type is {@code sampleType} ({@code goroutine}, {@code goroutineleak}). */
    static void write(Snapshot s, OutputStream out, String sampleType) throws IOException {
        write(s, out, sampleType, List.of());
    }

    /** As {@link #write(Snapshot, OutputStream, String)}, with {@code comments} ({@code Profile.comment}: {@code go tool pprof -comments}). */
    static void write(Snapshot s, OutputStream out, String sampleType, List<String> comments) throws IOException {
        Profile p = build(s, sampleType, comments);
        GZIPOutputStream gz = new GZIPOutputStream(out);
        p.writeTo(gz);
        gz.finish();
        gz.flush();
    }

    static Profile build(Snapshot s) {
        return build(s, "goroutine");
    }

    static Profile build(Snapshot s, String sampleType) {
        return build(s, sampleType, List.of());
    }

    static Profile build(Snapshot s, String sampleType, List<String> comments) {
        Strings strings = new Strings();
        Profile.Builder p = Profile.newBuilder();
        ValueType goroutineCount = ValueType.newBuilder()
                .setType(strings.id(sampleType)).setUnit(strings.id("count")).build();
        p.addSampleType(goroutineCount);
        p.setPeriodType(goroutineCount);
        p.setPeriod(1);
        Instant at = s.takenAt();
        p.setTimeNanos(at.getEpochSecond() * 1_000_000_000L + at.getNano());

        Map<Debug1Writer.Key, Integer> counts = Debug1Writer.group(s);
        Map<Frame, Long> locations = new HashMap<>();
        Map<String, Long> functions = new HashMap<>();
        long minAddress = Long.MAX_VALUE;
        long maxAddress = 0;
        for (Map.Entry<Debug1Writer.Key, Integer> e : counts.entrySet()) {
            Sample.Builder sample = Sample.newBuilder().addValue(e.getValue());
            for (Frame f : e.getKey().frames()) {
                Long loc = locations.get(f);
                if (loc == null) {
                    String fnKey = f.function() + '\0' + f.file();
                    Long fn = functions.get(fnKey);
                    if (fn == null) {
                        fn = (long) functions.size() + 1;
                        functions.put(fnKey, fn);
                        p.addFunction(Function.newBuilder().setId(fn).setName(strings.id(f.function()))
                                .setSystemName(strings.id(f.function())).setFilename(strings.id(f.file())));
                    }
                    loc = (long) locations.size() + 1;
                    locations.put(f, loc);
                    long address = Debug1Writer.address(f);
                    minAddress = Math.min(minAddress, address);
                    maxAddress = Math.max(maxAddress, address);
                    p.addLocation(Location.newBuilder().setId(loc).setMappingId(1).setAddress(address)
                            .addLine(Line.newBuilder().setFunctionId(fn).setLine(f.line())));
                }
                sample.addLocationId(loc);
            }
            for (Map.Entry<String, String> l : e.getKey().labels().entrySet()) {
                sample.addLabel(Label.newBuilder().setKey(strings.id(l.getKey())).setStr(strings.id(l.getValue())));
            }
            p.addSample(sample);
        }
        p.addMapping(Mapping.newBuilder().setId(1)
                .setMemoryStart(minAddress == Long.MAX_VALUE ? 0 : minAddress)
                .setMemoryLimit(maxAddress + 1)
                .setFilename(strings.id("gmp4j"))
                .setHasFunctions(true).setHasFilenames(true).setHasLineNumbers(true));
        for (String c : comments) {
            p.addComment(strings.id(c));
        }
        p.addAllStringTable(strings.table());
        return p.build();
    }

    /** The string table: index 0 is "", every string once. */
    private static final class Strings {
        private final Map<String, Long> ids = new HashMap<>();
        private final ArrayList<String> table = new ArrayList<>(List.of(""));

        Strings() {
            ids.put("", 0L);
        }

        long id(String s) {
            return ids.computeIfAbsent(s, k -> {
                table.add(k);
                return (long) table.size() - 1;
            });
        }

        List<String> table() {
            return table;
        }
    }
}
