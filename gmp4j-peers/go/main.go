// Command go-peer is the Go peer worker of the gmp4j peer benchmarks: the reference the JVM peers
// (gmp4j, JDK virtual threads, Jox, Kotlin coroutines) are measured against.
//
// It is a long-lived process driven over standard input and output, one request per line:
//
//	worker → "ready go <runtime.Version()> GOMAXPROCS=<n>"   once, at start
//	runner → "W1 N" | "W2 N" | "W3 N" | "W4 N" | "W5 RING LAPS" | "W6 N" | "W7 N" | "W8 CONNS REQUESTS"
//	worker → "ok VALUE" (W6: "ok HEAP_BYTES RSS_BYTES", per goroutine)   or   "err MESSAGE"
//	runner → "quit" (or end of input)                        the worker exits 0
//
// Values are printed with three decimals. Nothing else is written to standard output; logs go to
// standard error. GOMAXPROCS is taken from the environment by the Go runtime itself.
//
// Each workload runs one whole measurement: it starts its goroutines, runs them to the end, joins
// every one, checks the result (a wrong sum or count gives an "err" reply, never a figure) and
// returns the figure. Wall time is taken from just before the first goroutine starts to just after
// the last one is joined. The workloads are in w1_pingpong.go ... w8_echo.go, one file each; W8 is
// a loopback TCP echo server and its clients, so it measures the network poller too.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// workload is one request kind: how many numeric arguments it takes and what it runs.
type workload struct {
	args int
	run  func(a []int) ([]float64, error)
}

var workloads = map[string]workload{
	"W1": {1, func(a []int) ([]float64, error) { return one(pingPong(a[0])) }},
	"W2": {1, func(a []int) ([]float64, error) { return one(spsc(a[0])) }},
	"W3": {1, func(a []int) ([]float64, error) { return one(mpmc(a[0])) }},
	"W4": {1, func(a []int) ([]float64, error) { return one(skynetTree(a[0])) }},
	"W5": {2, func(a []int) ([]float64, error) { return one(ring(a[0], a[1])) }},
	"W6": {1, func(a []int) ([]float64, error) { return parkedMemory(a[0]) }},
	"W7": {1, func(a []int) ([]float64, error) { return one(selectFour(a[0])) }},
	"W8": {2, func(a []int) ([]float64, error) { return one(echo(a[0], a[1])) }},
}

func one(v float64, err error) ([]float64, error) {
	if err != nil {
		return nil, err
	}
	return []float64{v}, nil
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	in := bufio.NewReader(os.Stdin)
	reply(out, fmt.Sprintf("ready go %s GOMAXPROCS=%d", runtime.Version(), runtime.GOMAXPROCS(0)))
	for {
		line, readErr := in.ReadString('\n')
		line = strings.TrimSpace(line)
		if line == "quit" {
			break
		}
		if line != "" {
			reply(out, answer(line))
		}
		if readErr != nil {
			if readErr != io.EOF {
				fmt.Fprintln(os.Stderr, "go-peer: reading stdin:", readErr)
			}
			break
		}
	}
	os.Exit(0)
}

// reply writes one line to standard output and flushes it.
func reply(out *bufio.Writer, s string) {
	out.WriteString(s)
	out.WriteByte('\n')
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "go-peer: writing stdout:", err)
		os.Exit(1)
	}
}

// answer is the reply line for one request line; it never panics.
func answer(line string) (res string) {
	defer func() {
		if p := recover(); p != nil {
			res = oneLine(fmt.Sprintf("err panic: %v", p))
		}
	}()
	f := strings.Fields(line)
	w, known := workloads[f[0]]
	if !known {
		return oneLine(fmt.Sprintf("err unknown workload '%s' (expected W1..W8)", f[0]))
	}
	if len(f)-1 != w.args {
		return fmt.Sprintf("err %s needs %d numeric argument(s), got %d", f[0], w.args, len(f)-1)
	}
	a := make([]int, w.args)
	for i := range a {
		v, err := strconv.ParseInt(f[i+1], 10, 32)
		if err != nil {
			return oneLine(fmt.Sprintf("err %s: bad argument '%s' (expected an integer up to %d)", f[0], f[i+1], math.MaxInt32))
		}
		a[i] = int(v)
	}
	values, err := w.run(a)
	if err != nil {
		return oneLine("err " + f[0] + ": " + err.Error())
	}
	var sb strings.Builder
	sb.WriteString("ok")
	for _, v := range values {
		sb.WriteByte(' ')
		sb.WriteString(strconv.FormatFloat(v, 'f', 3, 64))
	}
	return sb.String()
}

// oneLine keeps a reply on a single line whatever the message holds.
func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// expect checks a computed sum or count against its expected value.
func expect(what string, actual, expected int64) error {
	if actual != expected {
		return fmt.Errorf("%s was %d, expected %d", what, actual, expected)
	}
	return nil
}

// positive checks a size argument.
func positive(what string, n int) error {
	if n <= 0 {
		return fmt.Errorf("%s must be positive, got %d", what, n)
	}
	return nil
}

// quarters checks a message count that four producers share equally.
func quarters(n int) error {
	if n <= 0 || n%4 != 0 {
		return fmt.Errorf("message count must be a positive multiple of 4, got %d", n)
	}
	return nil
}

// triangle is the sum of 1..n.
func triangle(n int64) int64 {
	return n * (n + 1) / 2
}

// nanosPer is the wall time since start divided by count, in nanoseconds.
func nanosPer(start time.Time, count int64) float64 {
	return float64(time.Since(start).Nanoseconds()) / float64(count)
}
