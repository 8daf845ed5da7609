package main

import (
	"encoding/json"
	"os"
	"sync"
	"time"
)

// Journal appends one JSON object per line. Each line is one write to an O_APPEND file, so a
// killed process leaves whole lines behind (the reader ignores a torn last line).
type Journal struct {
	mu   sync.Mutex
	file *os.File
	now  func() time.Time
}

func openJournal(path string, now func() time.Time) (*Journal, error) {
	file, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &Journal{file: file, now: now}, nil
}

func (j *Journal) write(fields map[string]any) {
	line, err := json.Marshal(fields)
	if err != nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	_, _ = j.file.Write(append(line, '\n'))
}

func (j *Journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.file.Sync(); err != nil {
		return err
	}
	return j.file.Close()
}

func millis(t time.Time) int64 { return t.UnixMilli() }
