"""Pure business rules of Servicekonto: no Flask, no SQLAlchemy, no I/O.

Everything here can be lifted into another program and is tested without an app or a database.
"""
