"""A least-recently-used cache bounded by bytes, not entries (a 1 MiB intake counts as 1 MiB).

Thread-safe; a value larger than ``max_item_bytes`` is simply not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class ByteLRU:
    """``get``/``put`` with a total size bound; ``size`` is given by the caller in bytes.

    >>> cache = ByteLRU(max_bytes=10, max_item_bytes=6)
    >>> cache.put("a", "x", 6); cache.put("b", "y", 6); cache.get("a") is None, cache.get("b")
    (True, 'y')
    >>> cache.put("c", "z", 7); cache.get("c") is None
    True
    """

    def __init__(self, max_bytes: int, max_item_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Any:
        """The value for ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` bytes, key included) unless it is too large; evict the oldest."""
        if size > self.max_item_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self.bytes -= dropped
