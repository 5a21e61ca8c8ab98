"""Simul's CPython worker: simul.v1.Worker served by asyncio, OS threads or a process per request."""
