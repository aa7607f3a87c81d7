#!/usr/bin/env python3
"""ptyrun.py OUT COLS ROWS CMD...: runs CMD with a pseudo-terminal as its
standard input, output and error (a COLSxROWS window), writes every byte
it sent to the terminal to OUT, and exits with CMD's exit status (128+N
for a signal). The tests look at those bytes: what a terminal would
have been told to do.

With PTYRUN_STDIN=FILE in the environment, standard input is FILE
instead (a program that must see a terminal on its output only).
"""
import errno
import fcntl
import os
import pty
import struct
import sys
import termios


def main():
    out, cols, rows, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    stdin_file = os.environ.pop("PTYRUN_STDIN", None)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if stdin_file:
            f = os.open(stdin_file, os.O_RDONLY)
            os.dup2(f, 0)
            os.close(f)
        try:
            os.execvp(cmd[0], cmd)
        except OSError as e:
            sys.stderr.write("ptyrun: %s: %s\n" % (cmd[0], e.strerror))
            os._exit(127)
    data = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError as e:
            if e.errno == errno.EIO:  # the child closed the terminal
                break
            raise
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    with open(out, "wb") as f:
        f.write(data)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


main()
