"""The concurrency models: each runs admitted requests its own way, in one short file."""
