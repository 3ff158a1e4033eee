package lambdalocal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a bootstrap binary running as the function behind a [Server].
type Process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait has returned
	err    error         // cmd.Wait's result, read after exited is closed

	stopOnce sync.Once
	stopped  bool // set before the kill, so Stop can tell its own kill apart
	mu       sync.Mutex
}

// Start runs the bootstrap binary bin as the function behind s, in the
// binary's directory (as Lambda runs it in /var/task) and in a process group
// of its own, with stdout and stderr copied to the given writers (nil
// discards).
//
// The process does not inherit this process's environment: it gets what
// the Lambda service sets for a custom runtime (AWS_LAMBDA_RUNTIME_API,
// AWS_LAMBDA_FUNCTION_NAME, AWS_REGION, …), then env, whose entries win.
// When the process ends by itself, the function has failed for good: every
// invocation ends with a "Runtime.ExitError" (see [Server.Invoke]).
//
// Call [Process.Stop] when done, also after the process ended by itself.
func (s *Server) Start(bin string, env []string, stdout, stderr io.Writer) (*Process, error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return nil, fmt.Errorf("lambdalocal: locating %s: %w", bin, err)
	}
	cmd := exec.Command(abs)
	cmd.Dir = filepath.Dir(abs)
	cmd.Env = append(lambdaEnv(s.Addr(), cmd.Dir), env...)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	// A group of its own lets Stop kill whatever the binary spawned too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Bounds Wait if a descendant escaped the group and holds the pipes.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("lambdalocal: starting %s: %w", bin, err)
	}
	p := &Process{cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
		p.mu.Lock()
		stopped := p.stopped
		p.mu.Unlock()
		if !stopped {
			s.fail(&ErrorBody{Type: "Runtime.ExitError", Message: "the function's process ended: " + describeExit(p.err)})
		}
	}()
	return p, nil
}

// lambdaEnv is the environment Lambda gives a provided.al2023 function.
func lambdaEnv(api, taskRoot string) []string {
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"AWS_LAMBDA_FUNCTION_NAME=" + FunctionName,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + FunctionName,
		"AWS_LAMBDA_LOG_STREAM_NAME=local",
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"AWS_REGION=" + Region,
		"AWS_DEFAULT_REGION=" + Region,
		"LAMBDA_TASK_ROOT=" + taskRoot,
		"_HANDLER=bootstrap",
		"TZ=:UTC",
		"LANG=en_US.UTF-8",
		"PATH=/usr/local/bin:/usr/bin:/bin",
	}
}

// Exited returns a channel that is closed when the process has ended.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// PeakRSS returns the peak resident set size of the running process, in
// bytes: the high-water mark of its own address space (VmHWM in
// /proc/<pid>/status), so Linux only. The rusage of an ended process is no
// substitute: Linux counts in it the parent's memory, which the child
// shares until it runs the binary.
func (p *Process) PeakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("lambdalocal: the peak RSS of the process: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kB, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("lambdalocal: VmHWM of the process: %w", err)
			}
			return kB << 10, nil
		}
	}
	return 0, errors.New("lambdalocal: no VmHWM for the process")
}

// State returns how the process ended, with its resource usage (peak RSS,
// CPU time) in SysUsage, once it has ended: after [Process.Stop], or once
// Exited is closed. Before that it returns nil.
func (p *Process) State() *os.ProcessState {
	select {
	case <-p.exited:
		return p.cmd.ProcessState
	default:
		return nil
	}
}

// Stop kills the process and its process group and waits for it, so that
// no process is left behind and the stdout and stderr writers are no longer
// written to. It returns nil when the process ended because of Stop, else
// how it ended by itself (an *exec.ExitError for a non-zero status). Stop is
// idempotent.
func (p *Process) Stop() error {
	p.stopOnce.Do(func() {
		p.mu.Lock()
		select {
		case <-p.exited:
		default:
			p.stopped = true
		}
		p.mu.Unlock()
		// Killed even when the binary has ended, for what it left in its
		// group. The negative pid names the group; ESRCH means it is empty.
		if err := syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			_ = p.cmd.Process.Kill()
		}
		<-p.exited
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return nil
	}
	return p.err
}

func describeExit(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}
