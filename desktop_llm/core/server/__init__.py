"""The local OpenAI-compatible server: other programs use the model the app has loaded, through ``/v1``.

``server.LocalServer`` runs it; its requests are jobs on a ``runner.JobRunner``, the engine's own thread; ``app`` is
the HTTP side, ``api`` the OpenAI shapes, ``state`` what the app and the server tell each other. Nothing is imported
here: the window imports ``state`` at start-up and the HTTP stack only when the server starts.
"""
