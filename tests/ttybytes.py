#!/usr/bin/env python3
"""ttybytes.py MODE FILE: checks bytes a program sent to a terminal and
prints "clean", or the first thing a terminal would have obeyed that the
program did not mean to say, with its offset and context.

MODE plain: output of the command line, which never drives the terminal:
  no ESC at all, no C0 control but newline, carriage return and tab, no
  DEL, no C1 control (U+0080-U+009F), no bidi control, valid UTF-8.

MODE curses: output of the reader. Escape sequences are allowed only of
  the kinds curses draws with (CSI sequences that move, erase, scroll, set
  modes and attributes; charset and keypad selection; save and restore),
  and OSC 52 (the clipboard, which the reader writes when asked to) only
  with --osc52; never a title (OSC 0/1/2), a device or cursor report
  query (CSI n, CSI c), window operations (CSI t, but for the title
  stack push and pop of xterm's smcup and rmcup), DCS, APC, PM or SOS
  strings. Outside escape sequences the rules of plain apply, but BEL and
  backspace are curses' too.
"""
import re
import sys

BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
# Final bytes of the CSI sequences curses (terminfo) draws with.
CSI_FINALS = set("@ABCDEFGHIJKLMPSTXZ`abdefghlmrsu")  # not n (DSR), c (DA), t (window ops)


def context(data, i):
    return repr(bytes(data[max(0, i - 24):i + 24]))


def check_text(data, i, j, allowed_c0):
    """The text data[i:j], outside escape sequences."""
    try:
        text = bytes(data[i:j]).decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at %d: %s" % (i + e.start, context(data, i + e.start))
    off = i
    for ch in text:
        cp = ord(ch)
        if (cp < 0x20 and ch not in allowed_c0) or cp == 0x7F:
            return "control U+%04X at %d: %s" % (cp, off, context(data, off))
        if 0x80 <= cp < 0xA0:
            return "C1 control U+%04X at %d: %s" % (cp, off, context(data, off))
        if cp in BIDI:
            return "bidi control U+%04X at %d: %s" % (cp, off, context(data, off))
        off += len(ch.encode("utf-8"))
    return None


def check_plain(data):
    if b"\x1b" in data:
        i = data.index(b"\x1b")
        return "ESC at %d: %s" % (i, context(data, i))
    return check_text(data, 0, len(data), "\n\r\t")


SEQ = re.compile(rb"\x1b(?:\[([0-9;?<=>!]*)([ -/]*)([@-~])"   # CSI
                 rb"|\]([^\x07\x1b]*)(?:\x07|\x1b\\)"       # OSC
                 rb"|([PX^_])"                              # DCS, SOS, PM, APC
                 rb"|([()*+][0-9A-Za-z])"                   # charset
                 rb"|([=>78DEHMc]))", re.S)


def check_curses(data, osc52):
    i = 0
    while True:
        j = data.find(b"\x1b", i)
        problem = check_text(data, i, len(data) if j < 0 else j, "\n\r\t\x07\x08")
        if problem:
            return problem
        if j < 0:
            return None
        m = SEQ.match(data, j)
        if not m:
            return "an escape sequence curses does not send at %d: %s" % (j, context(data, j))
        if m.group(3) is not None:
            params, final = m.group(1), m.group(3).decode()
            # xterm's smcup and rmcup push and pop the window title (CSI
            # 22;0;0t, 23;0;0t): curses sends them; every other window
            # operation (18t, 21t report sizes and the title) is a query.
            title_stack = final == "t" and re.fullmatch(rb"2[23](;[0-9]*)*", params)
            if final not in CSI_FINALS and not title_stack:
                return "CSI %s%s at %d: %s" % (params.decode(), final, j, context(data, j))
        elif m.group(4) is not None:
            body = m.group(4)
            if not (osc52 and re.fullmatch(rb"52;c;[A-Za-z0-9+/=]*", body)):
                return "OSC %r at %d" % (bytes(body[:40]), j)
        elif m.group(5) is not None:
            return "a DCS/SOS/PM/APC string at %d: %s" % (j, context(data, j))
        elif m.group(7) == b"c":
            return "a terminal reset (ESC c) at %d" % j
        i = m.end()


def main():
    args = sys.argv[1:]
    osc52 = "--osc52" in args
    args = [a for a in args if a != "--osc52"]
    mode, path = args
    with open(path, "rb") as f:
        data = bytearray(f.read())
    problem = check_plain(data) if mode == "plain" else check_curses(data, osc52)
    print(problem or "clean")


main()
