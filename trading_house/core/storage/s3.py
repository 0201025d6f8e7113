"""S3-compatible object storage (AWS S3, Cloudflare R2, MinIO, Ceph) with boto3.

Two buckets: the public one holds photo and logo variants (content-hashed keys, public-read,
cached for a year, linked directly or through a CDN at ``S3_PUBLIC_BASE_URL``); the private one
holds originals, evidence, identity documents, payment proofs and attachments, which leave only
through the app's authorization checks (streamed, or as a presigned URL for that one key that
expires within a minute).

Every call has short timeouts and few retries, so an unreachable store fails an upload in
seconds with :class:`StorageUnavailable` (a translated "try again later") instead of hanging a
web worker. "No such key" stays ``FileNotFoundError``, as on local disk.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator

import boto3  # type: ignore[import-untyped]
from botocore.config import Config as BotoConfig  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from trading_house.core.storage.base import ObjectInfo, StorageUnavailable

PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"
_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}
_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def client_for(settings: dict):
    """One boto3 client per process and distinct setting (clients are thread-safe; sessions
    are not). Per process: gunicorn's master checks the store before it forks its workers, and
    a pooled connection must never be shared across a fork."""
    key = (os.getpid(),) + tuple(
        settings.get(name)
        for name in (
            "S3_ENDPOINT_URL",
            "S3_REGION",
            "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY",
            "S3_ADDRESSING_STYLE",
            "S3_TIMEOUT",
        )
    )
    with _clients_lock:
        if key not in _clients:
            timeout = float(settings.get("S3_TIMEOUT") or 5)
            _clients[key] = boto3.session.Session().client(
                "s3",
                endpoint_url=settings.get("S3_ENDPOINT_URL") or None,
                region_name=settings.get("S3_REGION") or "us-east-1",
                aws_access_key_id=settings.get("S3_ACCESS_KEY_ID") or None,
                aws_secret_access_key=settings.get("S3_SECRET_ACCESS_KEY") or None,
                config=BotoConfig(
                    signature_version="s3v4",
                    connect_timeout=timeout,
                    read_timeout=timeout * 2,
                    retries={"max_attempts": 2, "mode": "standard"},
                    s3={"addressing_style": settings.get("S3_ADDRESSING_STYLE") or "path"},
                ),
            )
        return _clients[key]


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Storage:
    """The same interface as ``LocalStorage`` on one bucket (optionally under a key prefix)."""

    kind = "s3"

    def __init__(self, client, bucket: str, *, public: bool, acl: str | None = None):
        self.client = client
        self.bucket = bucket
        self.public = public
        self.acl = acl

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r})"

    @staticmethod
    def _check_key(key: str) -> str:
        if not key or key.startswith("/") or ".." in key.split("/") or "\\" in key:
            raise ValueError("bad storage key")
        return key

    def _call(self, operation: str, **kwargs):
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            if _code(exc) in _MISSING and operation != "head_bucket":
                raise FileNotFoundError(kwargs.get("Key", self.bucket)) from None
            raise StorageUnavailable(f"{operation} {self.bucket}: {_code(exc)}") from exc
        except BotoCoreError as exc:  # connection refused, timeout, bad endpoint, no credentials
            raise StorageUnavailable(f"{operation} {self.bucket}: {exc}") from exc

    def save(self, key: str, data: bytes, content_type: str | None = None) -> None:
        extra = {
            "ContentType": content_type or _guess_type(key),
            "CacheControl": PUBLIC_CACHE_CONTROL if self.public else PRIVATE_CACHE_CONTROL,
            "Metadata": {"sha256": hashlib.sha256(data).hexdigest()},
        }
        if self.public and self.acl:
            extra["ACL"] = self.acl
        self._call("put_object", Key=self._check_key(key), Body=data, **extra)

    def read(self, key: str) -> bytes:
        return self._call("get_object", Key=self._check_key(key))["Body"].read()

    def info(self, key: str) -> ObjectInfo | None:
        try:
            head = self._call("head_object", Key=self._check_key(key))
        except FileNotFoundError:
            return None
        etag = (head.get("ETag") or "").strip('"')
        return ObjectInfo(
            key=key,
            size=int(head["ContentLength"]),
            sha256=(head.get("Metadata") or {}).get("sha256"),
            md5=etag if "-" not in etag else None,
            modified=head.get("LastModified"),
        )

    def exists(self, key: str) -> bool:
        return self.info(key) is not None

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=self._check_key(key))

    def keys(self, prefix: str = "") -> Iterator[str]:
        token = None
        while True:
            kwargs = {"Prefix": prefix, "MaxKeys": 1000}
            if token:
                kwargs["ContinuationToken"] = token
            page = self._call("list_objects_v2", **kwargs)
            for item in page.get("Contents", []):
                yield item["Key"]
            if not page.get("IsTruncated"):
                return
            token = page["NextContinuationToken"]

    def check(self) -> None:
        """Raise StorageUnavailable unless the bucket exists and our credentials may use it."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            code = _code(exc)
            if code in _MISSING:
                raise StorageUnavailable(f"bucket {self.bucket!r} does not exist") from exc
            if code in {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
                raise StorageUnavailable(
                    f"access to bucket {self.bucket!r} was refused (check S3_ACCESS_KEY_ID and "
                    "S3_SECRET_ACCESS_KEY)"
                ) from exc
            raise StorageUnavailable(f"bucket {self.bucket!r}: {code}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(f"bucket {self.bucket!r}: {exc}") from exc

    def presigned_url(
        self,
        key: str,
        *,
        expires: int = 60,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """A GET URL for exactly ``key`` that stops working after ``expires`` seconds; the
        answer is a download (attachment), never cached."""
        params = {
            "Bucket": self.bucket,
            "Key": self._check_key(key),
            "ResponseCacheControl": PRIVATE_CACHE_CONTROL,
        }
        if filename:  # ASCII only: it becomes a response header
            safe = "".join(c if c.isascii() and c not in '"\\' else "_" for c in filename)
            params["ResponseContentDisposition"] = f'attachment; filename="{safe}"'
        if content_type:
            params["ResponseContentType"] = content_type
        try:
            return self.client.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=expires
            )
        except BotoCoreError as exc:
            raise StorageUnavailable(str(exc)) from exc

    def object_url(self, key: str) -> str:
        """The object's address on the endpoint (path style), for a public bucket."""
        base = (self.client.meta.endpoint_url or "").rstrip("/")
        return f"{base}/{self.bucket}/{self._check_key(key)}"


_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "heic": "image/heic",
}


def _guess_type(key: str) -> str:
    return _TYPES.get(key.rsplit(".", 1)[-1].lower(), "application/octet-stream")
