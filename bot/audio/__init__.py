"""Each session as one audio track with its cues built in, so it plays on a locked phone.

``score`` turns the domain's timeline into sounds at exact offsets, ``tones`` synthesises each
sound (NumPy, deterministic), ``track`` mixes and encodes the whole session (PyAV, AAC in M4A).
"""
