"""Helpers shared by the tests (and by ``bench/links_bench.py``): a real HTTP server on
127.0.0.1, temporary git repositories, and one way per family to check a post given as text.

Test files are named ``test_<area>_<topic>.py``, where the area is a family (``claims``,
``utm``, ``links``, ``proof``, ``deceptive``), ``incidents``, or a shared part (``parse``,
``config``, ``rules``, ``cli``, ``formats``, ...).
"""
