#!/usr/bin/env python3
"""A real terminal for the tests, on Python's standard library only: runs a program (an interactive pwsh) on a
pseudo-terminal and lets the test type into it and read what it shows.

Ctrl+C typed here is the byte 0x03 written to the terminal's master side: the kernel's line discipline turns it
into SIGINT for the terminal's foreground process group, exactly as a keyboard does (or, when the program has
the terminal in raw mode, as PSReadLine does at the prompt, the program reads the byte itself). Nothing here
signals a process directly.

The test talks to this process through its stdin and stdout, one JSON object a line:
  {"op": "send", "text": "..."}                     types text ("\\r" is Enter, "\\u0003" is Ctrl+C)
  {"op": "expect", "pattern": "...", "timeout": 60} waits until the screen text after the cursor matches the
                                                    regular expression; answers {"ok": bool, "text": ...}: the
                                                    text from the cursor to the match's end (or all of it on a
                                                    time-out), and moves the cursor past the match
  {"op": "alive"}                                   answers {"alive": bool, "status": exit status or null}
  {"op": "mode"}                                    answers {"signals": bool}: whether the terminal turns Ctrl+C into
                                                    SIGINT now (ISIG), or hands it to the program as a key
  {"op": "transcript"}                              answers {"text": everything shown so far}
  {"op": "close"}                                   kills the program's process group and ends
"Screen text" is the output with the terminal's escape sequences taken out. The program's cursor-position
queries (ESC [6n, which .NET's console and PSReadLine send) are answered, as a terminal does, or they would wait.
When the terminal is ready this prints {"ready": true, "pid": <the program's pid>}.
"""
import codecs
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import fcntl
import time

ESCAPES = re.compile(rb'\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMNOPZc])')
CURSOR_QUERY = b'\x1b[6n'


class Terminal:
    def __init__(self, argv, rows, columns):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                # A shell without job control starts its background commands (`cmd &`, a CI runner's step) with SIGINT and
                # SIGQUIT ignored, and an ignored signal stays ignored across exec: the pwsh here would never see the Ctrl+C
                # the terminal turns into SIGINT. A console's shell gives its foreground command the default actions.
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGQUIT, signal.SIG_DFL)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))
        self.unparsed = bytearray()
        self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
        self.text = ''
        self.cursor = 0
        self.status = None
        self.pending = b''

    def pump(self, seconds):
        """Reads what the program shows for up to `seconds` (returns early after a read)."""
        if self.fd is None:
            time.sleep(seconds)
            return
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b''
        if not data:
            os.close(self.fd)
            self.fd = None
            self.reap()
            return
        self.unparsed += data
        # A query split across two reads is still answered: keep the last few bytes for the next look.
        window = self.pending + data
        for _ in range(window.count(CURSOR_QUERY)):
            os.write(self.fd, b'\x1b[1;1R')
        self.pending = window[-(len(CURSOR_QUERY) - 1):] if not window.endswith(CURSOR_QUERY) else b''
        # Escape sequences and UTF-8 characters may be split across reads: an unfinished sequence waits for the next one.
        done = len(self.unparsed)
        last = self.unparsed.rfind(b'\x1b')
        if last >= 0 and not ESCAPES.match(self.unparsed, last):
            done = last
        self.text += self.decoder.decode(ESCAPES.sub(b'', bytes(self.unparsed[:done])))
        del self.unparsed[:done]

    def reap(self):
        if self.status is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(status)

    def expect(self, pattern, timeout):
        regex = re.compile(pattern, re.S)
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(self.text, self.cursor)
            if match:
                text = self.text[self.cursor:match.end()]
                self.cursor = match.end()
                return {'ok': True, 'text': text}
            left = deadline - time.monotonic()
            if left <= 0 or (self.fd is None and self.status is not None):
                return {'ok': False, 'text': self.text[self.cursor:]}
            self.pump(min(left, 0.1))

    def send(self, text):
        if self.fd is None:
            return {'ok': False}
        os.write(self.fd, text.encode('utf-8'))
        return {'ok': True}

    def alive(self):
        self.pump(0)
        self.reap()
        return {'alive': self.status is None, 'status': self.status}

    def close(self):
        if self.status is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        return {'ok': True}


def main():
    args = sys.argv[1:]
    rows, columns = 50, 200
    while args and args[0].startswith('--'):
        option = args.pop(0)
        if option == '--':
            break
        if option == '--rows':
            rows = int(args.pop(0))
        elif option == '--columns':
            columns = int(args.pop(0))
    terminal = Terminal(args, rows, columns)
    print(json.dumps({'ready': True, 'pid': terminal.pid}), flush=True)
    # The program's output is read all the time, also between requests: a full terminal would block its writes.
    requests = b''
    try:
        while True:
            watched = [sys.stdin.fileno()] + ([terminal.fd] if terminal.fd is not None else [])
            ready, _, _ = select.select(watched, [], [], 0.1)
            if terminal.fd is not None and terminal.fd in ready:
                terminal.pump(0)
            if sys.stdin.fileno() not in ready:
                continue
            data = os.read(sys.stdin.fileno(), 65536)
            if not data:
                return
            requests += data
            while b'\n' in requests:
                line, requests = requests.split(b'\n', 1)
                if not line.strip():
                    continue
                request = json.loads(line)
                op = request['op']
                if op == 'send':
                    answer = terminal.send(request['text'])
                elif op == 'expect':
                    answer = terminal.expect(request['pattern'], float(request.get('timeout', 60)))
                elif op == 'mode':
                    answer = {'signals': terminal.fd is not None and bool(termios.tcgetattr(terminal.fd)[3] & termios.ISIG)}
                elif op == 'alive':
                    answer = terminal.alive()
                elif op == 'transcript':
                    terminal.pump(0)
                    answer = {'text': terminal.text}
                elif op == 'close':
                    print(json.dumps(terminal.close()), flush=True)
                    return
                else:
                    answer = {'error': f'unknown op {op}'}
                print(json.dumps(answer), flush=True)
    finally:
        terminal.close()

if __name__ == '__main__':
    main()
