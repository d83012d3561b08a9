"""Opening an extract safely, from a folder or a zip (read in place, never extracted to disk)."""
from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from lp.errors import Refused
from lp.imports.fields import OPTIONAL_FILES, TABLES

# Limits on what an extract may unpack to; a council's nightly extract is well under these.
MAX_EXTRACT_BYTES = 4 * 1024**3
MAX_RATIO = 200  # uncompressed / compressed, over the whole zip: CSV compresses ~10x
MAX_MEMBERS = 500_000
MAX_LETTER_BYTES = 5 * 1024 * 1024
CSV_FILES = tuple(table.file for table in TABLES)
# rows.CONTROL as bytes of UTF-8: C0 but tab and line breaks, DEL, and C1.
CONTROL_BYTES = tuple(bytes([b]) for b in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


class ExtractRefused(Refused):
    """The extract as a whole cannot be read (not a zip, unsafe, a file missing): nothing loads."""

    def __init__(self, reason: str, file: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.file = file


def check_zip(source, *, max_bytes: int = MAX_EXTRACT_BYTES, max_ratio: int = MAX_RATIO,
              max_members: int = MAX_MEMBERS) -> list[zipfile.ZipInfo]:
    """Refuse (ExtractRefused) a zip that is unsafe to read; return its file members.

    `source` is a path or a seekable binary file object (an upload). Refused: not a zip, a name
    that is absolute or climbs out (`../x`, `/etc/x`, `C:\\x`), a symbolic link, an encrypted
    member, more than `max_members` members, or more than `max_bytes` uncompressed or a
    compression ratio over `max_ratio` (a zip bomb). Sizes are as declared; reading stops at them.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExtractRefused("The file is not a zip file, or it is damaged") from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(infos) > max_members:
        raise ExtractRefused(f"The zip holds more than {max_members} files")
    total = compressed = 0
    files = []
    for info in infos:
        name = info.filename
        _check_member_name(name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ExtractRefused("The zip holds a symbolic link", name)
        if info.flag_bits & 0x1:
            raise ExtractRefused("The zip holds an encrypted file", name)
        total += info.file_size
        compressed += info.compress_size
        if total > max_bytes:
            raise ExtractRefused(f"The zip unpacks to more than {max_bytes // 1024**2} MB")
        if not info.is_dir():
            files.append(info)
    if total > 1024 * 1024 and total > max_ratio * max(compressed, 1):
        raise ExtractRefused("The zip is compressed suspiciously well (a zip bomb?)")
    return files


def _check_member_name(name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in path.parts:
        raise ExtractRefused("The zip holds a file whose name points outside it", name)


class Extract:
    """An extract's files by their name inside it (`accounts.csv`, `letters/L1.pdf`)."""

    def __init__(self, path: str | os.PathLike, *, max_bytes: int = MAX_EXTRACT_BYTES):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}  # name in the extract -> name in the zip or folder
        self.control_files: set[str] | None = None  # known once checksums() has read every byte
        if self.path.is_dir():
            self._open_folder()
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            infos = check_zip(self.path, max_bytes=max_bytes)
            self._zip = zipfile.ZipFile(self.path)
            self._index([info.filename for info in infos])
        else:
            raise ExtractRefused(f"{self.path.name} is neither a folder nor a zip file")
        missing = [name for name in CSV_FILES if name not in self._members and name not in OPTIONAL_FILES]
        if missing:
            raise ExtractRefused("The extract has no " + ", ".join(missing), missing[0])

    def _open_folder(self) -> None:
        names = [name for name in CSV_FILES if (self.path / name).exists()]
        letters = self.path / "letters"
        if letters.is_dir():
            names += [p.relative_to(self.path).as_posix() for p in letters.rglob("*") if p.is_file() or p.is_symlink()]
        for name in names:
            if (self.path / name).is_symlink():
                raise ExtractRefused("The extract holds a symbolic link", name)
        self._members = {name: name for name in names}

    def _index(self, names: list[str]) -> None:
        # A zip made by zipping the folder puts everything under one top-level folder: allow that.
        prefix = ""
        if "accounts.csv" not in names:
            tops = {name.split("/", 1)[0] for name in names if "/" in name}
            if len(tops) == 1:
                prefix = tops.pop() + "/"
        for name in names:
            if name.startswith(prefix):
                inner = name[len(prefix):]
                if inner in CSV_FILES or inner.startswith("letters/"):
                    self._members[inner] = name

    def __enter__(self) -> Extract:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __contains__(self, name: str) -> bool:
        return name in self._members

    @property
    def names(self) -> list[str]:
        return sorted(self._members)

    def open_bytes(self, name: str):
        if self._zip is not None:
            return self._zip.open(self._members[name])
        return open(self.path / self._members[name], "rb")

    def open_text(self, name: str):
        """The file as text: UTF-8 with an optional byte-order mark, newlines left for csv."""
        return io.TextIOWrapper(self.open_bytes(name), encoding="utf-8-sig", newline="")

    def size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._members[name]).file_size
        return (self.path / self._members[name]).stat().st_size

    def read_letter(self, name: str) -> bytes:
        with self.open_bytes(name) as stream:
            return stream.read(MAX_LETTER_BYTES + 1)

    def checksums(self) -> tuple[dict[str, str], dict[str, int]]:
        """Every file's sha256, and each CSV's count of line breaks (the progress bar's total).

        On the way, notes in `control_files` the CSVs whose bytes hold a control character, so
        that only those are read line by line for one (rows.py).
        """
        sums, lines = {}, {}
        self.control_files = set()
        for name in self.names:
            digest, count, tail = hashlib.sha256(), 0, b""
            with self.open_bytes(name) as stream:
                while chunk := stream.read(1024 * 1024):
                    digest.update(chunk)
                    if name in CSV_FILES:
                        count += chunk.count(b"\n")
                        if name not in self.control_files and _has_control(tail, chunk):
                            self.control_files.add(name)
                        tail = chunk[-1:]
            sums[name] = digest.hexdigest()
            if name in CSV_FILES:
                lines[name] = count
        return sums, lines


def _has_control(tail: bytes, chunk: bytes) -> bool:
    """Whether a chunk of UTF-8 holds a control character: one memchr per C0 byte (as fast as the
    checksum; a regular expression over the bytes was ten times slower), and C1 (U+0080-U+009F,
    two bytes from 0xC2) only where a 0xC2 is."""
    if any(byte in chunk for byte in CONTROL_BYTES):
        return True
    return (b"\xc2" in chunk or tail == b"\xc2") and C1_BYTES.search(tail + chunk) is not None


def overall_checksum(sums: dict[str, str]) -> str:
    """One checksum over every file's name and checksum: equal means the same extract."""
    return hashlib.sha256("".join(f"{name}\0{sums[name]}\n" for name in sorted(sums)).encode()).hexdigest()
