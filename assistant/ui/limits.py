"""Per-client rate limits: a token bucket per key (a client IP address, a chat session), in memory.

A client may send `burst` requests at once, then `per_minute` a minute. A refused request learns how many
seconds to wait (the `Retry-After` of a 429). Keys are bounded: idle buckets (full again) are dropped first,
so a flood of new keys cannot grow memory without limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_KEYS = 50_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(
        self, per_minute: float, burst: int, *, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS
    ) -> None:
        """`per_minute` 0 turns the limit off (every request is allowed)."""
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def __len__(self) -> int:
        """How many clients are tracked."""
        return len(self._buckets)

    def acquire(self, keys: Iterable[str]) -> float:
        """Take one token from the bucket of every key; 0.0 if allowed, else the seconds to wait (nothing taken)."""
        if not self.enabled:
            return 0.0
        keys = [key for key in dict.fromkeys(keys) if key]
        with self._lock:
            now = self._clock()
            buckets = [self._bucket(key, now) for key in keys]
            short = [bucket for bucket in buckets if bucket.tokens < 1.0]
            if short:
                return max((1.0 - bucket.tokens) / self.rate for bucket in short)
            for bucket in buckets:
                bucket.tokens -= 1.0
            return 0.0

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._evict(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        else:
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets.move_to_end(key)
        return bucket

    def _evict(self, now: float) -> None:
        """Drop buckets that are full again (they hold no state); if none are, the least recently used one."""
        refill = self.burst / self.rate
        idle = [key for key, bucket in self._buckets.items() if now - bucket.updated >= refill]
        for key in idle:
            del self._buckets[key]
        if len(self._buckets) >= self._max_keys:
            self._buckets.popitem(last=False)


def retry_after(seconds: float) -> str:
    """A Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
