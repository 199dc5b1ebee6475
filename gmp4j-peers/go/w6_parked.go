package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// parkedMemory is W6: the memory cost of a parked goroutine. parked goroutines each block
// receiving from one shared unbuffered channel that nobody sends on; after a full GC the growth
// of the heap and of the process's resident set is divided by parked. Then the channel is closed
// and every goroutine joined. Returns [heap bytes, RSS bytes] per goroutine.
//
// "Heap" here is HeapAlloc + StackInuse: Go keeps goroutine stacks in spans of their own, outside
// the garbage-collected heap that HeapAlloc counts, so HeapAlloc alone would see only the
// goroutine descriptor (g) and the sudog it waits on, not its stack. The JVM peers keep a virtual
// thread's or coroutine's stack frames in heap objects, so this is the comparable figure.
func parkedMemory(parked int) ([]float64, error) {
	if err := positive("goroutine count", parked); err != nil {
		return nil, err
	}
	heapBefore := settledHeap()
	rssBefore, err := rss()
	if err != nil {
		return nil, err
	}
	goroutinesBefore := runtime.NumGoroutine()

	ch := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(parked)
	done.Add(parked)
	for i := 0; i < parked; i++ {
		go func() {
			defer done.Done()
			started.Done()
			<-ch
		}()
	}
	started.Wait()
	// Every goroutine has run up to its receive; give the last ones a moment to actually park.
	for runtime.NumGoroutine() < goroutinesBefore+parked {
		runtime.Gosched()
	}
	for i := 0; i < 10; i++ {
		runtime.Gosched()
	}

	heapAfter := settledHeap()
	rssAfter, err := rss()
	close(ch)
	done.Wait()
	if err != nil {
		return nil, err
	}
	n := float64(parked)
	return []float64{float64(heapAfter-heapBefore) / n, float64(rssAfter-rssBefore) / n}, nil
}

// settledHeap runs two full collections and returns HeapAlloc + StackInuse.
func settledHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc) + int64(m.StackInuse)
}

// rss is the process's resident set size in bytes, from VmRSS in /proc/self/status.
func rss() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("reading RSS: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if !strings.HasPrefix(line, "VmRSS:") {
			continue
		}
		fields := strings.Fields(line[len("VmRSS:"):]) // e.g. "12345", "kB"
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", line)
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected VmRSS line %q", line)
		}
		return kb * 1024, nil
	}
	if err := s.Err(); err != nil {
		return 0, fmt.Errorf("reading RSS: %v", err)
	}
	return 0, fmt.Errorf("no VmRSS line in /proc/self/status")
}
