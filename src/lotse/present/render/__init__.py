"""Renderers: pure functions from domain objects to text, rich renderables or bytes."""
