"""Rate-distortion and speed benchmark of LCI against the classic image codecs."""
