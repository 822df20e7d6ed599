"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client()` builds a new `redis.Redis` on every
cache call; its constructor fills a table of ~250 response callbacks, ≈50 µs of CPU on this machine —
as much as the MGET it then sends (`bench/profile.sh /events/ anon` showed redis-py's
CaseInsensitiveDict among the top functions of a page-cache hit). A `redis.Redis` only borrows
connections from its pool per command and is safe to share between threads, so keeping one per pool
changes nothing else: same pools, same options, same serializer. Settings select it by
`DJANGO_CACHE_URL=redis://…` (config/settings.py).
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
