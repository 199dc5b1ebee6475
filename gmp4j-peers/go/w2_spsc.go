package main

import (
	"sync"
	"time"
)

// spsc is W2: one producer sends 1..messages into a channel of capacity 1024, one consumer
// receives and sums them. Returns nanoseconds per message.
func spsc(messages int) (float64, error) {
	if err := positive("message count", messages); err != nil {
		return 0, err
	}
	ch := make(chan int, 1024)
	var sum int64
	var wg sync.WaitGroup
	wg.Add(2)
	start := time.Now()
	go func() {
		defer wg.Done()
		for i := 1; i <= messages; i++ {
			ch <- i
		}
	}()
	go func() {
		defer wg.Done()
		var s int64
		for i := 0; i < messages; i++ {
			s += int64(<-ch)
		}
		sum = s
	}()
	wg.Wait()
	result := nanosPer(start, int64(messages))
	if err := expect("sum", sum, triangle(int64(messages))); err != nil {
		return 0, err
	}
	return result, nil
}
