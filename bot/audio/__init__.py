"""Each session as one audio track with its cues built in, so it plays on a locked phone.

``score`` turns the domain's timeline into sounds and words at exact offsets, ``words`` says
them in plain English, ``tones`` synthesises each sound (NumPy, deterministic), ``speech``
speaks the words with the server's espeak-ng (where there is one), and ``track`` mixes and
encodes the whole session (PyAV, AAC in M4A).
"""
