"""Storage of uploaded photos, documents, audio and voice, addressable by file_id and file_path."""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass
from typing import Any

_KIND_PREFIX = {"photo": "AgACAgIAAxk", "document": "BQACAgIAAxk", "audio": "CQACAgIAAxk",
                "voice": "AwACAgIAAxk"}


@dataclass(frozen=True)
class StoredFile:
    """A file known to the emulator; `data` is None for files sent by URL."""

    file_id: str
    file_unique_id: str
    kind: str
    file_path: str
    data: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    url: str | None = None
    width: int = 0
    height: int = 0

    @property
    def file_size(self) -> int | None:
        """Size in bytes, when the content is known."""
        return None if self.data is None else len(self.data)

    def photo_sizes(self) -> list[dict[str, Any]]:
        """Return the `photo` array (PhotoSize objects) of a message carrying this file."""
        size: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
        }
        if self.file_size is not None:
            size["file_size"] = self.file_size
        return [size]

    def document(self) -> dict[str, Any]:
        """Return the Document object of a message carrying this file."""
        doc: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.filename:
            doc["file_name"] = self.filename
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        if self.file_size is not None:
            doc["file_size"] = self.file_size
        return doc

    def audio(self, duration: int, title: str | None, performer: str | None) -> dict[str, Any]:
        """Return the Audio (or, without title and performer, Voice) object of a message."""
        obj = self.document()
        obj["duration"] = duration
        if title:
            obj["title"] = title
        if performer:
            obj["performer"] = performer
        if self.kind == "voice":
            obj.pop("file_name", None)
        return obj

    def file_object(self) -> dict[str, Any]:
        """Return the File object answered by getFile."""
        obj: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_path": self.file_path,
        }
        if self.file_size is not None:
            obj["file_size"] = self.file_size
        return obj


def image_size(data: bytes) -> tuple[int, int] | None:
    """Read width and height from PNG, GIF or JPEG bytes, or None if unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None


def looks_like_image(data: bytes) -> bool:
    """Tell whether bytes start like an image Telegram can process as a photo."""
    if image_size(data) is not None:
        return True
    return data.startswith(b"BM") or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


class FileStore:
    """Keeps every file the bot sent, by file_id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = 0

    def add(
        self,
        kind: str,
        *,
        data: bytes | None = None,
        filename: str | None = None,
        mime_type: str | None = None,
        url: str | None = None,
    ) -> StoredFile:
        """Store a new file and assign it a file_id and a file_path."""
        self._counter += 1
        number = self._counter
        if mime_type is None and filename:
            mime_type = mimetypes.guess_type(filename)[0]
        if kind == "photo":
            mime_type = None
            extension = ".jpg"
        else:
            extension = mimetypes.guess_extension(mime_type or "") or ""
            if filename and "." in filename:
                extension = "." + filename.rsplit(".", 1)[1]
        width, height = (image_size(data) if data else None) or (0, 0)
        stored = StoredFile(
            file_id=f"{_KIND_PREFIX.get(kind, 'CQACAgIAAxk')}{number:012d}",
            file_unique_id=f"AQAD{number:08d}",
            kind=kind,
            file_path=f"{kind}s/file_{number}{extension}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            url=url,
            width=width or 1,
            height=height or 1,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """Look a file up by file_id."""
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """Look a file up by the file_path returned from getFile."""
        return self._by_path.get(file_path)
