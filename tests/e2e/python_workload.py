"""Python workload for the end-to-end tests: threads, subprocess, os.fork,
signals, select, tempfile, multiprocessing. Prints deterministic lines; run
natively and in the sandbox by tests/e2e/test_python.sh."""
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time


def square(x):
    return x * x


def main():
    # threads
    results = [0] * 8
    lock = threading.Lock()
    total = [0]

    def work(i):
        s = sum(range(i * 10000))
        results[i] = s
        for _ in range(1000):
            with lock:
                total[0] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("threads:", sum(results), total[0])

    # subprocess
    out = subprocess.run(["echo", "from", "subprocess"], capture_output=True, text=True)
    print("subprocess:", out.stdout.strip(), out.returncode)
    rc = subprocess.call(["sh", "-c", "exit 3"])
    print("subprocess exit code:", rc)
    p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    data, _ = p.communicate(b"piped through cat")
    print("popen:", data.decode(), p.returncode)

    # os.fork
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.write(w, b"child says hi")
        os._exit(7)
    os.close(w)
    msg = os.read(r, 100)
    _, status = os.waitpid(pid, 0)
    print("fork:", msg.decode(), os.WEXITSTATUS(status))

    # signals
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
    os.kill(os.getpid(), signal.SIGUSR1)
    print("signal handled:", got == [signal.SIGUSR1])
    signal.signal(signal.SIGALRM, lambda s, f: got.append("alarm"))
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    time.sleep(0.3)
    print("alarm handled:", "alarm" in got)

    # select
    r, w = os.pipe()
    ready, _, _ = select.select([r], [], [], 0)
    print("select empty:", ready == [])
    os.write(w, b"x")
    ready, _, _ = select.select([r], [], [], 1)
    print("select ready:", ready == [r])
    pl = select.poll()
    pl.register(r, select.POLLIN)
    print("poll events:", len(pl.poll(0)))
    ep = select.epoll()
    ep.register(r, select.EPOLLIN)
    print("epoll events:", len(ep.poll(0)))

    # tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.txt")
        with open(path, "w") as f:
            f.write("line\n" * 100)
        with open(path) as f:
            print("tempfile lines:", len(f.readlines()))
        print("listdir:", os.listdir(d))
    with tempfile.NamedTemporaryFile() as f:
        f.write(b"abc")
        f.flush()
        print("named tempfile size:", os.path.getsize(f.name))

    # multiprocessing
    with multiprocessing.Pool(4) as pool:
        print("pool:", sum(pool.map(square, range(100))))
    q = multiprocessing.Queue()
    proc = multiprocessing.Process(target=q.put, args=("from process",))
    proc.start()
    print("process queue:", q.get(timeout=30))
    proc.join()
    print("process exitcode:", proc.exitcode)
    print("done")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
