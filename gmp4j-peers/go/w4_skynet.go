package main

import (
	"fmt"
	"time"
)

// skynetTree is W4: the skynet tree, 10 children per node down to leaves leaves (a power of 10).
// Each inner node makes an unbuffered channel, starts its 10 children on it, sums their 10
// answers and sends the sum up. Returns milliseconds for the whole tree.
func skynetTree(leaves int) (float64, error) {
	if !powerOf10(leaves) {
		return 0, fmt.Errorf("leaf count must be a power of 10, got %d", leaves)
	}
	c := make(chan int64)
	start := time.Now()
	go skynet(c, 0, int64(leaves), 10)
	// The root's send is its last act, and it only sends once all its descendants have sent:
	// receiving the root's sum joins the tree.
	sum := <-c
	result := float64(time.Since(start).Nanoseconds()) / 1e6
	if err := expect("sum", sum, int64(leaves)*int64(leaves-1)/2); err != nil {
		return 0, err
	}
	return result, nil
}

func skynet(c chan<- int64, num, size, div int64) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	child := size / div
	for i := int64(0); i < div; i++ {
		go skynet(rc, num+i*child, child, div)
	}
	var sum int64
	for i := int64(0); i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func powerOf10(n int) bool {
	if n < 1 {
		return false
	}
	for n%10 == 0 {
		n /= 10
	}
	return n == 1
}
