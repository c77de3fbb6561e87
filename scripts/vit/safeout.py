"""safeout: how the project's Python scripts write their outputs.

The rules of docs/bad-inputs.md, class 2, the same as the C library's
(c-model/trex_file.h): an output appears complete or not at all; it is written
to a private temporary file beside it and renamed into place; a symbolic link,
a device node, a FIFO or a directory where a file is to go is refused, never
written through or replaced; a replaced file keeps its mode; a directory
holding files the writer did not make is refused; a write error (a full disk,
a closed stdout) is an error. Two runs at once each write their own
temporaries, so they never clobber each other's.

Errors are `OutError`, whose text is one line naming the path; `main_guard`
turns them (and SIGTERM) into a one-line message and a non-zero exit.
"""
import contextlib
import errno
import json
import os
import shutil
import signal
import sys
import tempfile


class OutError(Exception):
    """An output that could not be written; str() is one line naming the path."""


def _oneline(s):
    return "".join(c if c.isprintable() else "?" for c in str(s))


def check_file_target(path):
    """Raises OutError unless PATH is absent or a regular file (not a link)."""
    if os.path.islink(path):
        raise OutError("%s: is a symbolic link; not replaced or written through" % _oneline(path))
    if os.path.lexists(path) and not os.path.isfile(path):
        raise OutError("%s: is not a regular file; not replaced" % _oneline(path))


@contextlib.contextmanager
def writer(path, mode="w"):
    """A file object on a private temporary beside PATH; on a normal exit of
    the block the data is flushed, synced and renamed over PATH (keeping an
    existing file's mode); on an exception the temporary is removed."""
    check_file_target(path)
    d = os.path.dirname(path) or "."
    try:
        old_mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".tmp.", dir=d)
    except OSError as e:
        raise OutError("%s: cannot create a temporary file: %s" % (_oneline(path), e.strerror)) from None
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if old_mode is None else old_mode)
        check_file_target(path)
        os.replace(tmp, path)
    except OSError as e:
        _unlink(tmp)
        raise OutError("%s: %s" % (_oneline(path), e.strerror or e)) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(p):
    try:
        os.unlink(p)
    except OSError:
        pass


def write_text(path, text):
    with writer(path) as f:
        f.write(text)


def write_json(path, obj, indent=1):
    """JSON with a final newline."""
    with writer(path) as f:
        json.dump(obj, f, indent=indent)
        f.write("\n")


def save_npy(path, arr):
    """np.save to exactly PATH (np.save on a name adds '.npy' when it lacks one)."""
    import numpy as np
    with writer(path, "wb") as f:
        np.save(f, arr, allow_pickle=False)


def replace_dir(out, fill, owns=None, prog="this command"):
    """Makes directory OUT complete or not at all: FILL(stage) writes the new
    contents into a private directory beside OUT, which then takes OUT's place.
    OUT may be absent, or a directory whose every entry OWNS(name) accepts
    (None: any); anything else is refused before FILL runs. A second run
    that put OUT in place meanwhile is replaced the same way."""
    parent = os.path.dirname(os.path.abspath(out))
    base = os.path.basename(os.path.abspath(out))

    def check():
        if os.path.islink(out):
            raise OutError("%s: is a symbolic link; not replaced or written through" % _oneline(out))
        if os.path.lexists(out) and not os.path.isdir(out):
            raise OutError("%s: exists and is not a directory; not replaced" % _oneline(out))
        if os.path.isdir(out) and owns is not None:
            for name in sorted(os.listdir(out)):
                if not owns(name) or not os.path.isfile(os.path.join(out, name)) \
                        or os.path.islink(os.path.join(out, name)):
                    raise OutError("%s: holds '%s', which %s did not write; refusing to replace the directory"
                                   % (_oneline(out), _oneline(name), prog))

    check()
    try:
        os.makedirs(parent, exist_ok=True)
        stage = tempfile.mkdtemp(prefix="." + base + ".new.", dir=parent)
    except OSError as e:
        raise OutError("%s: cannot create a staging directory: %s" % (_oneline(out), e.strerror)) from None
    try:
        fill(stage)
        os.chmod(stage, 0o777 & ~_umask())
        for _ in range(8):
            check()
            if not os.path.lexists(out):
                try:
                    os.rename(stage, out)
                    return
                except OSError as e:
                    if e.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                        raise
                    continue  # another run put it in place: replace that one
            old = tempfile.mkdtemp(prefix="." + base + ".old.", dir=parent)
            try:
                os.rename(out, os.path.join(old, "d"))
            except FileNotFoundError:
                os.rmdir(old)
                continue
            try:
                os.rename(stage, out)
            finally:
                shutil.rmtree(old, ignore_errors=True)
            return
        raise OutError("%s: kept changing while it was replaced" % _oneline(out))
    except OSError as e:
        raise OutError("%s: %s" % (_oneline(out), e.strerror or e)) from None
    finally:
        if os.path.isdir(stage):
            shutil.rmtree(stage, ignore_errors=True)


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


def _term(signum, frame):
    raise SystemExit(128 + signum)


def main_guard(prog, main):
    """Runs MAIN(); SIGTERM and SIGINT unwind it (so temporaries go), an
    OutError is one line `PROG: ...` and exit 1, a failing stdout exit 1."""
    signal.signal(signal.SIGTERM, _term)
    signal.signal(signal.SIGINT, _term)
    try:
        rc = main()
        try:
            sys.stdout.flush()
        except OSError as e:
            raise OutError("stdout: %s" % (e.strerror or e)) from None
    except OutError as e:
        _quiet_stdout()
        print("%s: %s" % (prog, e), file=sys.stderr)
        return 1
    except OSError as e:
        _quiet_stdout()
        if e.errno == errno.EPIPE:
            return 1
        where = _oneline(e.filename) if e.filename else \
            "stdout" if e.errno in (errno.ENOSPC, errno.EIO, errno.EBADF) else "error"
        print("%s: %s: %s" % (prog, where, e.strerror or e), file=sys.stderr)
        return 1
    return rc or 0


def _quiet_stdout():
    # a stdout that failed must not fail again (and print a trace) at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
