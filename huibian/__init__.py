"""huibian (汇编): document mining for Chinese case collections."""

__version__ = "0.1.0"
