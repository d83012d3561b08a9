"""The reference deployment (nginx, two waitress processes, PostgreSQL, Redis, the worker) and its tools."""
