"""The chat UI (Gradio), the embeddable widget and the JSON API, served by `chatbi serve`.

Only this package imports gradio, and only where the chat is built (`chat.py`, and `server.py` when it
mounts it), so the API and the widget work without loading it.
"""
